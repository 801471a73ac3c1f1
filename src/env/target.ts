// Which environment a command talks to: --env, else MWKIT_ENV, else the current profile;
// MWKIT_URL and MWKIT_TOKEN override it (CI needs no profile at all).
import { UsageError } from '../errors.js';
import { findProfile, readConfig, unknownProfileError } from './profiles.js';

export type TargetSource = 'flag' | 'MWKIT_ENV' | 'current' | 'MWKIT_URL';

export interface Target {
  /** The profile name, or null when MWKIT_URL names the environment. */
  name: string | null;
  /** Base URL without a trailing slash; the API is under `${url}/api/v1`. */
  url: string;
  token?: string;
  source: TargetSource;
  /** The token came from MWKIT_TOKEN (so the fix for a refused one is to change that variable). */
  isTokenFromEnv: boolean;
}

export interface TargetOptions {
  /** The --env flag. */
  env?: string;
  processEnv?: NodeJS.ProcessEnv;
}

export function resolveTarget(options: TargetOptions = {}): Target {
  const processEnv = options.processEnv ?? process.env;
  const envUrl = nonEmpty(processEnv.MWKIT_URL);
  const envToken = nonEmpty(processEnv.MWKIT_TOKEN);
  const flagName = nonEmpty(options.env);
  const name = flagName ?? nonEmpty(processEnv.MWKIT_ENV) ?? (envUrl ? undefined : (readConfig(processEnv).current ?? undefined));
  if (name === undefined) {
    if (envUrl) return { name: null, url: normalizeEnvironmentUrl(envUrl, 'MWKIT_URL'), ...(envToken ? { token: envToken } : {}), source: 'MWKIT_URL', isTokenFromEnv: Boolean(envToken) };
    throw new UsageError(
      'No environment selected.',
      'Add one with mwkit env add <name> --url <url> --token-stdin (or start a local one with mwkit env start), pass --env <name>, or set MWKIT_URL and MWKIT_TOKEN.',
    );
  }
  const profile = findProfile(name, processEnv);
  if (!profile && !envUrl) throw unknownProfileError(name, Object.keys(readConfig(processEnv).environments));
  const source: TargetSource = flagName ? 'flag' : processEnv.MWKIT_ENV ? 'MWKIT_ENV' : 'current';
  const url = envUrl ? normalizeEnvironmentUrl(envUrl, 'MWKIT_URL') : (profile?.url ?? '');
  // A profile's token is only ever sent to that profile's URL.
  const profileToken = profile && profile.url === url ? profile.token : undefined;
  const token = envToken ?? profileToken;
  return { name, url, ...(token ? { token } : {}), source, isTokenFromEnv: Boolean(envToken) };
}

/** An http(s) URL without credentials, query or fragment, returned without a trailing slash. */
export function normalizeEnvironmentUrl(text: string, shownAs = '--url'): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`${shownAs} is not a URL: "${text}".`, 'Pass the address of the environment, e.g. http://127.0.0.1:4300 or https://mwkit.example.com.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${shownAs} must be an http or https URL, not ${url.protocol}//.`, 'Pass the address of the environment, e.g. https://mwkit.example.com.');
  }
  if (url.username || url.password) {
    throw new UsageError(`${shownAs} must not contain a user name or password.`, 'Pass the token with --token-stdin (or MWKIT_TOKEN) instead.');
  }
  if (url.search || url.hash) throw new UsageError(`${shownAs} must not have a query or fragment: "${text}".`);
  // The environment's own address: a pasted API or app address (…/api/v1, …/app/) means the same.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(api\/v1|app)$/, '');
  return `${url.origin}${path}`;
}

/** Plain http to anything but this machine sends the token in clear text. */
export function isInsecureUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(hostname) && !hostname.endsWith('.localhost');
}

/** How a message names the environment: `prod (https://…)` or just the URL. */
export function describeTarget(target: Pick<Target, 'name' | 'url'>): string {
  return target.name ? `${target.name} (${target.url})` : target.url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
