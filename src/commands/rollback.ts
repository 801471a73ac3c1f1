// `mwkit rollback <package> [--to version] [--env] [--json]`: makes an earlier applied version of
// a package current again (by default the one before the current). Atomic and recorded, like apply.
import { ExitCode, UsageError } from '../errors.js';
import type { RollbackResult } from '../env/api.js';
import { formatPlan } from '../env/plan-format.js';
import { describeTarget, openSession, printJson, stdoutColors, targetJson, type EnvCommandOptions } from '../env/session.js';

export interface RollbackOptions extends EnvCommandOptions {
  name: string;
  to?: string;
}

export async function runRollback(options: RollbackOptions): Promise<number> {
  const to = options.to?.trim();
  if (options.to !== undefined && !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(to ?? '')) {
    throw new UsageError(`--to must be a version such as 1.2.0, not "${options.to}".`, `mwkit history lists the versions applied so far.`);
  }
  const { target, api } = openSession(options);
  const result = await api.rollback(options.name, to);
  if (options.json) printJson({ environment: targetJson(target), ...result });
  else process.stdout.write(formatRollback(result, describeTarget(target)));
  return ExitCode.ok;
}

export function formatRollback(result: RollbackResult, where: string): string {
  const { name, version } = result.package;
  if (result.outcome === 'unchanged') return `${name} ${version} is already the current version on ${where}: nothing to do.\n`;
  const from = result.plan.package?.from;
  return `Rolled back ${name}${from ? ` from ${from}` : ''} to ${version} on ${where}:\n${formatPlan(result.plan, stdoutColors())}`;
}
