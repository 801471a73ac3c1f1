// `mwkit history [--env] [--limit n] [--json]`: every apply, rollback, publish, unpublish and
// trust change, with who and when, newest first.
import { ExitCode, UsageError } from '../errors.js';
import type { HistoryEntry } from '../env/api.js';
import { describeTarget, openSession, printJson, targetJson, type EnvCommandOptions } from '../env/session.js';
import { formatTable, shortTime } from '../env/table.js';

export interface HistoryOptions extends EnvCommandOptions {
  limit?: string | number;
}

export async function runHistory(options: HistoryOptions): Promise<number> {
  const limit = parseLimit(options.limit);
  const { target, api } = openSession(options);
  const entries = await api.history(limit);
  if (options.json) printJson({ environment: targetJson(target), history: entries });
  else process.stdout.write(formatHistory(entries, describeTarget(target)));
  return ExitCode.ok;
}

export function parseLimit(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${value}".`, 'e.g. --limit 20');
  return limit;
}

export function formatHistory(entries: readonly HistoryEntry[], where: string): string {
  if (entries.length === 0) return `Nothing has happened on ${where} yet.\n`;
  return formatTable(
    ['WHEN', 'WHO', 'WHAT', 'SUBJECT'],
    entries.map((e) => [shortTime(e.at), e.actor, e.action, subject(e)]),
    '',
  );
}

function subject(entry: HistoryEntry): string {
  if (entry.action === 'publish') return `${entry.workspace ?? '?'} for ${(entry.roles ?? []).join(', ') || 'no roles'}`;
  if (entry.action === 'unpublish') return entry.workspace ?? '?';
  if (entry.keyFingerprint) return `key ${entry.keyFingerprint.slice(0, 16)}…`;
  if (entry.token) return `token ${entry.token}`;
  const pkg = entry.package;
  if (!pkg) return entry.workspace ?? '';
  return `${pkg.name} ${pkg.version}${pkg.digest ? `  sha256 ${pkg.digest.slice(0, 12)}…` : ''}`;
}
