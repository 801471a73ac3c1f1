// `mwkit env token create --name ci [--role admin] [--expires 90d] | list | revoke <name>`:
// lasting, named tokens for CI. The secret is printed once, on stdout alone, for a secret store;
// the environment keeps only its hash, and history records changes made with it as token:<name>.
import { ExitCode, UsageError } from '../errors.js';
import type { ServiceToken } from '../env/api.js';
import { shortTime } from '../env/table.js';
import { openSession, printJson, targetJson, type EnvCommandOptions } from '../env/session.js';

export interface TokenCreateOptions extends EnvCommandOptions {
  name?: string;
  role?: string;
  expires?: string;
}

export async function runEnvTokenCreate(options: TokenCreateOptions): Promise<number> {
  if (!options.name) throw new UsageError('Name the token: mwkit env token create --name ci.', 'The name is what mwkit history shows for every change made with it.');
  const role = options.role ?? 'admin';
  if (role !== 'admin') throw new UsageError(`Unknown token role "${role}".`, 'Service tokens have the admin role for now: --role admin (the default).');
  const { target, api } = openSession(options);
  const created = await api.createToken(options.name, role, options.expires);
  if (options.json) printJson({ environment: targetJson(target), ...created });
  else {
    process.stdout.write(`${created.token}\n`);
    process.stderr.write(
      `Created service token ${created.name} (${created.role}) on ${target.name ?? target.url}, valid until ${shortTime(created.expiresAt)}.\n` +
        "  The token above is shown only this once: put it in your CI's secret store as MWKIT_TOKEN.\n",
    );
  }
  return ExitCode.ok;
}

export async function runEnvTokenList(options: EnvCommandOptions): Promise<number> {
  const { target, api } = openSession(options);
  const tokens = await api.tokens();
  if (options.json) printJson({ environment: targetJson(target), tokens });
  else process.stdout.write(formatTokens(tokens, target.name ?? target.url, new Date()));
  return ExitCode.ok;
}

export async function runEnvTokenRevoke(options: EnvCommandOptions & { name: string }): Promise<number> {
  const { target, api } = openSession(options);
  await api.revokeToken(options.name);
  if (options.json) printJson({ environment: targetJson(target), revoked: options.name });
  else process.stdout.write(`Revoked service token ${options.name} on ${target.name ?? target.url}: it stopped working.\n`);
  return ExitCode.ok;
}

export function formatTokens(tokens: readonly ServiceToken[], where: string, now: Date): string {
  if (tokens.length === 0) return `${where}: no service tokens. Make one with mwkit env token create --name ci.\n`;
  const lines = [`${where}: ${tokens.length} service token${tokens.length === 1 ? '' : 's'}.`];
  for (const token of tokens) {
    const state = token.expiresAt <= now.toISOString() ? `expired ${shortTime(token.expiresAt)}` : `until ${shortTime(token.expiresAt)}`;
    lines.push(`  ${token.name}  ${token.role}  made ${shortTime(token.createdAt)} by ${token.createdBy}  ${state}`);
  }
  return `${lines.join('\n')}\n`;
}
