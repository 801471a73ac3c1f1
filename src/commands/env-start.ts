// `mwkit env start [--port p] [--host h] [--data dir] [--demo] [--allow-remote-demo]
// [--max-package-size MiB]`: runs an environment in the foreground (request log on stderr),
// connects the CLI to it through the `local` profile, and stops cleanly on Ctrl-C or SIGTERM.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { configPaths, saveProfile } from '../env/profiles.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { businessRoles } from '../server/domain/users.js';
import type { SeedSummary } from '../server/seed.js';

export interface EnvStartOptions {
  port?: string | number;
  host?: string;
  data?: string;
  demo?: boolean;
  /** Let a demo environment listen beyond loopback (its users share a printed password). */
  allowRemoteDemo?: boolean;
  /** Largest package upload, in MiB. */
  maxPackageSize?: string | number;
  cwd?: string;
  /** Where the CLI profile is written ($XDG_CONFIG_HOME); tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /** Stops the server like SIGINT does (tests). */
  signal?: AbortSignal;
  /** Output streams (tests). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export const defaultPort = 4300;
export const defaultDataDir = '.mwkit-env';
export const localProfile = 'local';

export async function runEnvStart(options: EnvStartOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const port = parsePort(options.port);
  const host = options.host ?? '127.0.0.1';
  const maxPackageBytes = parseMaxPackageSize(options.maxPackageSize);
  const dataDir = resolve(options.cwd ?? process.cwd(), options.data ?? defaultDataDir);
  const exposure = demoExposure({ host, isDemo: options.demo ?? false, allowRemote: options.allowRemoteDemo ?? false });
  if (exposure === 'refuse') {
    throw new UsageError(
      `--demo on ${host} would let anyone who can reach this address sign in as a demo user with the printed password; refused without --allow-remote-demo.`,
      'Leave out --host (127.0.0.1 is the default), or add --allow-remote-demo on a network you trust.',
    );
  }
  if (exposure === 'warn') stderr.write(remoteDemoWarning(host));
  const { createServer, openEnvironmentStore } = await import('../server/index.js');
  let server;
  try {
    server = await createServer({ store: openEnvironmentStore(dataDir), demo: options.demo ?? false, host, port, maxPackageBytes, logger: (line) => stderr.write(`${line}\n`) });
  } catch (error) {
    throw startError(error, port, host, dataDir);
  }
  const profileLine = connectCli(server.url, server.adminToken, options.env ?? process.env);
  stdout.write(startMessage(server.url, dataDir, server.seed, profileLine, options.demo ?? false));
  await stopRequested(options.signal);
  stderr.write('mwkit: stopping the environment…\n');
  await server.close();
  stderr.write('mwkit: stopped.\n');
  return ExitCode.ok;
}

function parsePort(value: string | number | undefined): number {
  if (value === undefined) return defaultPort;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${String(value)}.`, 'Pass --port 0 to pick any free port.');
  return port;
}

/** Largest package in bytes from --max-package-size (MiB); undefined: the server's default. */
function parseMaxPackageSize(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mib = Number(value);
  if (!Number.isInteger(mib) || mib < 1 || mib > 4096) throw new UsageError(`--max-package-size is a whole number of MiB from 1 to 4096, not ${String(value)}.`, 'For example --max-package-size 128.');
  return mib * 1024 * 1024;
}

/** 127.0.0.0/8, ::1 and the name localhost reach only this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && /^(0*:)*:?0*1$/.test(host.replace(/^\[|\]$/g, ''));
}

export type DemoExposure = 'ok' | 'warn' | 'refuse';

/** A demo environment's users share a printed password: off loopback only when asked for. */
export function demoExposure(options: { host: string; isDemo: boolean; allowRemote: boolean }): DemoExposure {
  if (!options.isDemo || isLoopbackHost(options.host)) return 'ok';
  return options.allowRemote ? 'warn' : 'refuse';
}

function remoteDemoWarning(host: string): string {
  return (
    [
      '',
      `WARNING: a demo environment on ${host} is reachable from the network.`,
      'WARNING: every demo user signs in with the password printed below; anyone who can reach this',
      'WARNING: address can read and change the demo data. Use it only on a network you trust, never for real data.',
      '',
    ].join('\n') + '\n'
  );
}

function startError(error: unknown, port: number, host: string, dataDir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new UsageError(`Port ${port} on ${host} is already in use.`, 'Stop the other server, or pass another --port (0 picks a free one).');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new UsageError(`Cannot listen on ${host}: no such local address.`, 'Pass --host 127.0.0.1, or an address of this machine.');
  if (code === 'EACCES') return new UsageError(`Not allowed to listen on ${host}:${port}.`, 'Pick a port above 1023.');
  if (code === 'SQLITE_CANTOPEN' || code === 'EROFS' || code === 'ENOTDIR') return new UserError(`Cannot open the data folder ${dataDir}.`, 'Pass --data with a folder you can write to.');
  if (error instanceof Error && /schema version/.test(error.message)) return new UserError(error.message);
  return error;
}

/** Writes the `local` profile so `mwkit apply` works at once; a failure is reported, not fatal. */
function connectCli(url: string, token: string, env: NodeJS.ProcessEnv): string {
  try {
    const { isCurrent } = saveProfile(localProfile, url, { token, makeCurrent: 'if-none', env });
    const how = isCurrent ? 'the current profile' : `use it with --env ${localProfile} or mwkit env use ${localProfile}`;
    return `cli:  profile "${localProfile}" with an admin token in ${configPaths(env).dir} (${how})`;
  } catch (error) {
    return `cli:  could not write the "${localProfile}" profile (${(error as Error).message}); connect with mwkit env add`;
  }
}

function startMessage(url: string, dataDir: string, seed: SeedSummary, profileLine: string, wantsDemo: boolean): string {
  const lines = [
    'mwkit environment is running',
    `url: ${url}`,
    `app:  ${url}/app/`,
    `api:  ${url}/api/v1 (OpenAPI at ${url}/api/v1/openapi.json)`,
    `data: ${dataDir} (${seed.isNew ? 'new' : 'existing'}, ${seed.kind === 'demo' ? 'demo company' : 'no demo data'})`,
    profileLine,
  ];
  if (wantsDemo && seed.kind !== 'demo') lines.push('note: --demo seeds only a new data folder; this one has no demo data (pass another --data).');
  if (seed.demo) lines.push(...demoLines(seed.demo));
  lines.push('next: mwkit publish expense-management --roles Employee   (a workspace shipped with mwkit; mwkit templates lists them)');
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

function demoLines(demo: NonNullable<SeedSummary['demo']>): string[] {
  const byRole = new Map<string, string[]>([...businessRoles, 'admin'].map((role) => [role, []]));
  for (const user of demo.users) {
    for (const role of user.roles.length > 0 ? user.roles : ['admin']) byRole.get(role)?.push(user.id);
  }
  for (const [role, ids] of byRole) if (ids.length === 0) byRole.delete(role);
  const records = Object.values(demo.records).reduce((total, n) => total + n, 0);
  const width = Math.max(...[...byRole.keys()].map((role) => role.length));
  return [
    `demo: ${records} records; every demo user signs in with the password ${demo.password} (admin has none: the CLI has its token)`,
    ...[...byRole].map(([role, ids]) => `  ${role.padEnd(width)}  ${ids.join(', ')}`),
  ];
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}
