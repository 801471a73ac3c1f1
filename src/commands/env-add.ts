// `mwkit env add <name> --url <url> [--token-stdin] [--no-verify]`: saves a profile. The token
// comes from stdin only (never argv) and goes to credentials.json (mode 0600), never to output.
import { ExitCode, UsageError } from '../errors.js';
import { environmentApi, type User } from '../env/api.js';
import { createClient, type ClientOptions } from '../env/client.js';
import { findProfile, profileNameProblem, saveProfile } from '../env/profiles.js';
import { note, printJson } from '../env/session.js';
import { isInsecureUrl, normalizeEnvironmentUrl, type Target } from '../env/target.js';
import { readToken, type TokenStream } from '../env/token-input.js';

export interface EnvAddOptions {
  name: string;
  url?: string;
  tokenStdin?: boolean;
  /** false with --no-verify: save without contacting the environment. */
  verify?: boolean;
  json?: boolean;
  processEnv?: NodeJS.ProcessEnv;
  stdin?: TokenStream;
  clientOptions?: ClientOptions;
}

export interface EnvAddResult {
  name: string;
  url: string;
  hasToken: boolean;
  isCurrent: boolean;
  /** Who the token signs in as, when it was checked. */
  user?: { name: string; roles: string[]; isAdmin: boolean };
}

export async function runEnvAdd(options: EnvAddOptions): Promise<number> {
  const result = await addEnvironment(options);
  if (options.json) printJson(result);
  else process.stdout.write(formatEnvAdd(result));
  return ExitCode.ok;
}

export async function addEnvironment(options: EnvAddOptions): Promise<EnvAddResult> {
  const processEnv = options.processEnv ?? process.env;
  const problem = profileNameProblem(options.name);
  if (problem) throw new UsageError(problem);
  if (!options.url) throw new UsageError('mwkit env add needs --url <url>.', `e.g. mwkit env add ${options.name} --url https://mwkit.example.com --token-stdin`);
  const url = normalizeEnvironmentUrl(options.url);
  const token = options.tokenStdin ? await readToken(options.stdin ?? process.stdin, `mwkit env add ${options.name} --url ${url}`) : undefined;
  if (token && isInsecureUrl(url)) note(`mwkit: warning: ${url} is plain http: the token travels unencrypted. Use https:// for anything but this machine.`);
  const previous = findProfile(options.name, processEnv);
  const keptToken = token ?? (previous?.url === url ? previous.token : undefined);
  const target: Target = { name: options.name, url, ...(keptToken ? { token: keptToken } : {}), source: 'flag', isTokenFromEnv: false };
  const user = options.verify === false ? undefined : await checkConnection(target, options.clientOptions);
  const { isCurrent } = saveProfile(options.name, url, { token: token ?? undefined, makeCurrent: 'if-none', env: processEnv });
  if (previous?.token && !keptToken) note(`mwkit: the saved token of ${options.name} was removed: it belonged to ${previous.url}.`);
  return { name: options.name, url, hasToken: Boolean(keptToken), isCurrent, ...(user ? { user: { name: user.name, roles: user.roles, isAdmin: user.isAdmin } } : {}) };
}

/** Fails (exit 3) before anything is saved when the environment cannot be reached or refuses the token. */
async function checkConnection(target: Target, clientOptions: ClientOptions | undefined): Promise<User | undefined> {
  const api = environmentApi(createClient(target, clientOptions));
  if (!target.token) {
    await api.client.request<unknown>('GET', '/health');
    return undefined;
  }
  return api.me();
}

export function formatEnvAdd(result: EnvAddResult): string {
  const lines = [`Saved environment ${result.name} (${result.url})${result.user ? `, signed in as ${result.user.name}` : ''}.`];
  if (result.user && !result.user.isAdmin) lines.push('  This is not an admin token: apply, publish and rollback need one.');
  if (!result.hasToken) lines.push(`  No token saved: add one with mwkit env add ${result.name} --url ${result.url} --token-stdin`);
  lines.push(result.isCurrent ? '  It is the current environment.' : `  Use it with --env ${result.name}, or make it the current one: mwkit env use ${result.name}`);
  return `${lines.join('\n')}\n`;
}
