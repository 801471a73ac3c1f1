// `mwkit keygen [--out dir] [--name stem] [--json]`: an Ed25519 key pair for signing packages.
// The private key is written with mode 0600 and never printed; existing files are never replaced.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { generateSigningKeyPair } from '../package/signing.js';

export interface KeygenOptions {
  out?: string;
  name?: string;
  json?: boolean;
  cwd?: string;
}

export interface KeygenResult {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

export async function runKeygen(options: KeygenOptions): Promise<number> {
  const result = keygen(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatKeygenResult(result));
  return ExitCode.ok;
}

export function keygen(options: KeygenOptions): KeygenResult {
  const cwd = options.cwd ?? process.cwd();
  const name = options.name ?? 'signing';
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name)) {
    throw new UsageError(`Invalid key name "${name}".`, 'Use letters, digits, ".", "_" and "-", e.g. --name contoso-release.');
  }
  const dir = resolve(cwd, options.out ?? '.');
  const privatePath = join(dir, `${name}.key`);
  const publicPath = join(dir, `${name}.pub`);
  for (const path of [privatePath, publicPath]) {
    if (existsSync(path)) {
      throw new UsageError(`${shown(cwd, path)} already exists; mwkit keygen never replaces a key.`, 'Choose another --name or --out, or move the old key pair away first.');
    }
  }
  const pair = generateSigningKeyPair();
  let isPrivateWritten = false;
  try {
    mkdirSync(dir, { recursive: true });
    // 'wx' fails if the file appeared meanwhile; the mode applies as the file is created.
    writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
    isPrivateWritten = true;
    writeFileSync(publicPath, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    if (isPrivateWritten) rmSync(privatePath, { force: true }); // no half key pair
    throw new UserError(`Cannot write the key pair to ${shown(cwd, dir)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, 'Check that the --out folder is writable.');
  }
  return { privateKey: shown(cwd, privatePath), publicKey: shown(cwd, publicPath), fingerprint: pair.fingerprint };
}

function shown(cwd: string, path: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd;
}

export function formatKeygenResult(result: KeygenResult): string {
  return [
    `Wrote ${result.privateKey} (private key, mode 0600: keep it secret, never commit it)`,
    `  and ${result.publicKey} (public key: give it to whoever verifies or trusts your packages)`,
    `  fingerprint ${result.fingerprint}`,
    '',
    `Sign a package:  mwkit pack --sign ${result.privateKey}`,
    `Verify it:       mwkit verify dist/<name>-<version>.mwpkg --key ${result.publicKey}`,
    '',
  ].join('\n');
}
