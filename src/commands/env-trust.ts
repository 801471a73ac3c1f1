// `mwkit env trust add <pubkey-file> | list | remove <fingerprint>`: the signing keys an
// environment accepts. With at least one trusted key, it applies only packages signed by one.
import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import type { TrustPolicy, TrustedKey } from '../env/api.js';
import { shortTime } from '../env/table.js';
import { openSession, printJson, targetJson, type EnvCommandOptions } from '../env/session.js';
import { readPublicKeyFile } from '../package/key-files.js';
import { keyFingerprint } from '../package/signing.js';

export interface TrustAddOptions extends EnvCommandOptions {
  file: string;
}

export interface TrustRemoveOptions extends EnvCommandOptions {
  fingerprint: string;
}

export async function runEnvTrustAdd(options: TrustAddOptions): Promise<number> {
  const key = readPublicKeyFile(resolve(options.cwd ?? process.cwd(), options.file), options.file);
  const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();
  const { target, api } = openSession(options);
  const added = await api.addTrustedKey(publicKey);
  const fingerprint = added?.fingerprint ?? keyFingerprint(key);
  if (options.json) printJson({ environment: targetJson(target), fingerprint });
  else {
    const where = target.name ?? target.url;
    process.stdout.write(`Trusted key ${fingerprint} on ${where}.\n  ${where} now applies only packages signed by one of its trusted keys (mwkit env trust list).\n`);
  }
  return ExitCode.ok;
}

export async function runEnvTrustList(options: EnvCommandOptions): Promise<number> {
  const { target, api } = openSession(options);
  const policy = await api.trust();
  if (options.json) printJson({ environment: targetJson(target), ...policy });
  else process.stdout.write(formatTrustPolicy(policy, target.name ?? target.url));
  return ExitCode.ok;
}

export async function runEnvTrustRemove(options: TrustRemoveOptions): Promise<number> {
  const fingerprint = options.fingerprint.trim().toLowerCase();
  if (!/^[0-9a-f]{8,128}$/.test(fingerprint)) {
    throw new UsageError(`"${options.fingerprint}" is not a key fingerprint.`, 'Pass the hex fingerprint that mwkit env trust list shows.');
  }
  const { target, api } = openSession(options);
  await api.removeTrustedKey(fingerprint);
  const policy = await api.trust();
  if (options.json) printJson({ environment: targetJson(target), removed: fingerprint, requireSignature: policy.requireSignature });
  else {
    const where = target.name ?? target.url;
    const after = policy.requireSignature ? `${where} still requires signed packages.` : `${where} accepts unsigned packages again.`;
    process.stdout.write(`Removed trusted key ${fingerprint} from ${where}.\n  ${after}\n`);
  }
  return ExitCode.ok;
}

export function formatTrustPolicy(policy: TrustPolicy, where: string): string {
  const keys: TrustedKey[] = policy.keys ?? [];
  const lines = [`${where}: ${policy.requireSignature ? 'packages must be signed by a trusted key' : 'unsigned packages are accepted'}.`];
  if (keys.length === 0) lines.push('  No trusted keys. Add one with mwkit env trust add <signing.pub>.');
  for (const key of keys) {
    const added = [key.addedAt ? `added ${shortTime(key.addedAt)}` : '', key.addedBy ? `by ${key.addedBy}` : ''].filter(Boolean).join(' ');
    lines.push(`  ${key.fingerprint}${added ? `  ${added}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
