// Environment profiles, like kubectl contexts: `config.json` (names, URLs, the current one) and
// `credentials.json` (tokens, mode 0600) in $XDG_CONFIG_HOME/mwkit/ (default ~/.config/mwkit/).
// `mwkit env start` writes its `local` profile through saveProfile too.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UsageError, UserError } from '../errors.js';

export interface ConfigFile {
  current: string | null;
  environments: Record<string, { url: string }>;
}

export type CredentialsFile = Record<string, { token: string }>;

export interface Profile {
  name: string;
  url: string;
  token?: string;
}

export interface ProfileSummary {
  name: string;
  url: string;
  hasToken: boolean;
  isCurrent: boolean;
}

const configFileName = 'config.json';
const credentialsFileName = 'credentials.json';
const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** $XDG_CONFIG_HOME/mwkit, or ~/.config/mwkit (a relative XDG_CONFIG_HOME is ignored, as the spec says). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && isAbsolute(xdg) ? join(xdg, 'mwkit') : join(homedir(), '.config', 'mwkit');
}

export function configPaths(env: NodeJS.ProcessEnv = process.env): { dir: string; config: string; credentials: string } {
  const dir = configDir(env);
  return { dir, config: join(dir, configFileName), credentials: join(dir, credentialsFileName) };
}

export function profileNameProblem(name: string): string | undefined {
  if (profileNamePattern.test(name)) return undefined;
  return `Invalid environment name "${name}": use letters, digits, ".", "_" and "-" (at most 63), e.g. prod or test-eu.`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const data = readJsonFile(configPaths(env).config);
  if (data === undefined) return { current: null, environments: {} };
  const config = data as Partial<ConfigFile>;
  const environments: ConfigFile['environments'] = {};
  for (const [name, entry] of Object.entries(isObject(config.environments) ? config.environments : {})) {
    if (isObject(entry) && typeof entry.url === 'string') environments[name] = { url: entry.url };
  }
  const current = typeof config.current === 'string' && config.current in environments ? config.current : null;
  return { current, environments };
}

export function readCredentials(env: NodeJS.ProcessEnv = process.env): CredentialsFile {
  const data = readJsonFile(configPaths(env).credentials);
  const credentials: CredentialsFile = {};
  for (const [name, entry] of Object.entries(isObject(data) ? data : {})) {
    if (isObject(entry) && typeof entry.token === 'string') credentials[name] = { token: entry.token };
  }
  return credentials;
}

export function findProfile(name: string, env: NodeJS.ProcessEnv = process.env): Profile | undefined {
  const entry = readConfig(env).environments[name];
  if (!entry) return undefined;
  const token = readCredentials(env)[name]?.token;
  return { name, url: entry.url, ...(token ? { token } : {}) };
}

export function listProfiles(env: NodeJS.ProcessEnv = process.env): ProfileSummary[] {
  const config = readConfig(env);
  const credentials = readCredentials(env);
  return Object.keys(config.environments)
    .sort()
    .map((name) => ({
      name,
      url: config.environments[name]?.url ?? '',
      hasToken: Boolean(credentials[name]?.token),
      isCurrent: config.current === name,
    }));
}

export interface SaveProfileOptions {
  /** undefined keeps a saved token while the URL stays the same; null removes it. */
  token?: string | null;
  /** 'always' makes it the current profile; 'if-none' only when no profile is current. */
  makeCurrent?: 'always' | 'if-none';
  env?: NodeJS.ProcessEnv;
}

/** Adds or replaces a profile. A token is never kept for a changed URL: it belongs to the old server. */
export function saveProfile(name: string, url: string, options: SaveProfileOptions = {}): { isCurrent: boolean } {
  const env = options.env ?? process.env;
  const problem = profileNameProblem(name);
  if (problem) throw new UsageError(problem);
  const config = readConfig(env);
  const credentials = readCredentials(env);
  const isSameUrl = config.environments[name]?.url === url;
  config.environments[name] = { url };
  if (options.token) credentials[name] = { token: options.token };
  else if (options.token === null || !isSameUrl) delete credentials[name];
  if (options.makeCurrent === 'always' || (options.makeCurrent === 'if-none' && config.current === null)) config.current = name;
  writeConfigFiles(config, credentials, env);
  return { isCurrent: config.current === name };
}

/** Removes a profile and its token; false when there was none of that name. */
export function removeProfile(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const config = readConfig(env);
  if (!(name in config.environments)) return false;
  const credentials = readCredentials(env);
  delete config.environments[name];
  delete credentials[name];
  if (config.current === name) config.current = null;
  writeConfigFiles(config, credentials, env);
  return true;
}

export function setCurrentProfile(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const config = readConfig(env);
  if (!(name in config.environments)) throw unknownProfileError(name, Object.keys(config.environments));
  config.current = name;
  writeConfigFiles(config, readCredentials(env), env);
}

export function unknownProfileError(name: string, known: readonly string[]): UsageError {
  return new UsageError(
    `No environment named "${name}".`,
    known.length > 0
      ? `Known environments: ${[...known].sort().join(', ')}. Add one with mwkit env add ${name} --url <url> --token-stdin.`
      : `Add it with mwkit env add ${name} --url <url> --token-stdin (or run mwkit env start for a local one).`,
  );
}

function writeConfigFiles(config: ConfigFile, credentials: CredentialsFile, env: NodeJS.ProcessEnv): void {
  const paths = configPaths(env);
  try {
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    writeAtomically(paths.credentials, credentials, 0o600);
    writeAtomically(paths.config, config, 0o600);
  } catch (error) {
    throw new UserError(
      `Cannot write the mwkit configuration in ${paths.dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      'Check that the folder is writable, or point XDG_CONFIG_HOME elsewhere.',
    );
  }
}

/** Written beside the target and renamed, so a crash never leaves half a file; the mode holds from creation. */
function writeAtomically(file: string, data: unknown, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode, flag: 'w' });
    chmodSync(temporary, mode); // the umask can only remove bits, but an old temp file may have others
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, 'Check its permissions (it should belong to you).');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserError(`${file} is not valid JSON.`, 'Fix it, or delete it and add the environments again with mwkit env add.');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
