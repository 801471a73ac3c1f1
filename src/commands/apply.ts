// `mwkit apply <pkg> [--env] [--dry-run] [--yes] [--allow-downgrade] [--json]`: uploads the
// package as a dry run, shows the plan, asks (on a terminal) or requires --yes, then applies.
// The environment checks everything again and applies all of it or nothing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isInteractive } from '../cli/output.js';
import { ExitCode, FailedError, UsageError } from '../errors.js';
import type { ApplyResult, PackageSummary, Plan } from '../env/api.js';
import { PackageRejectedError } from '../env/errors.js';
import { formatPlan, planCounts } from '../env/plan-format.js';
import { printRejection } from '../env/rejection.js';
import { describeTarget, openSession, printJson, stdoutColors, targetJson, uploadProgress, type EnvCommandOptions, type Session } from '../env/session.js';
import type { Target } from '../env/target.js';
import { formatBytes, packageArgument } from '../package/cli-format.js';

export interface ApplyOptions extends EnvCommandOptions {
  pkg: string;
  dryRun?: boolean;
  yes?: boolean;
  allowDowngrade?: boolean;
  /** Asks to go on; the default shows a confirm prompt on stderr (tests pass their own). */
  confirm?: (message: string) => Promise<boolean>;
  /** Whether a question can be asked; default: stdin is a TTY and CI is not set. */
  isInteractive?: boolean;
}

/** What `mwkit apply --json` prints: the answer, with the environment it went to. */
export interface ApplyOutput {
  environment: { name: string | null; url: string };
  outcome: ApplyResult['outcome'];
  package: PackageSummary;
  plan: Plan;
}

export async function runApply(options: ApplyOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const file = packageArgument(cwd, options.pkg);
  const bytes = readFileSync(file);
  const session = openSession(options);
  try {
    const planned = await upload(session, bytes, basename(file), { isDryRun: true, isDowngradeAllowed: options.allowDowngrade === true });
    // Whether a signature meant anything: with no trusted key the environment checked it against none.
    const trustedKeys =
      planned.package.signed && !options.json
        ? await session.api.trust().then(
            (p) => (p.keys ?? []).map((k) => k.fingerprint),
            () => undefined,
          )
        : undefined;
    if (options.dryRun || planned.outcome === 'unchanged') return report(planned, session.target, options, trustedKeys);
    if (!options.json) process.stdout.write(planText(planned, session.target, trustedKeys));
    if (!options.yes) await confirmApply(planned.package, session.target, options);
    const applied = await upload(session, bytes, basename(file), { isDryRun: false, isDowngradeAllowed: options.allowDowngrade === true });
    return report(applied, session.target, options);
  } catch (error) {
    if (error instanceof PackageRejectedError) await reportRejection(error, session.target, { bytes, cwd, isJson: options.json === true });
    throw error;
  }
}

async function upload(session: Session, bytes: Buffer, fileName: string, options: { isDryRun: boolean; isDowngradeAllowed: boolean }): Promise<ApplyResult> {
  const verb = options.isDryRun ? 'Checking' : 'Applying';
  const progress = uploadProgress(`${verb} ${fileName} (${formatBytes(bytes.length)}) on ${session.target.name ?? session.target.url}…`);
  try {
    return await session.api.uploadPackage(bytes, { ...options, onUploadProgress: progress.onUploadProgress });
  } finally {
    progress.done();
  }
}

function report(result: ApplyResult, target: Target, options: ApplyOptions, trustedKeys?: string[]): number {
  const output: ApplyOutput = { environment: targetJson(target), outcome: result.outcome, package: result.package, plan: result.plan };
  if (options.json) {
    printJson(output);
    return ExitCode.ok;
  }
  const name = `${result.package.name} ${result.package.version}`;
  if (result.outcome === 'unchanged') {
    process.stdout.write(`${name} is already applied to ${describeTarget(target)}: nothing to do.\n`);
  } else if (result.outcome === 'planned') {
    process.stdout.write(`${planText(result, target, trustedKeys)}Dry run: nothing was changed. Apply it with mwkit apply ${options.pkg}${envFlag(target)}\n`);
  } else {
    process.stdout.write(`Applied ${name} to ${target.name ?? target.url}. ${planCounts(result.plan)}\n`);
    // A workspace taken over from a shipped template keeps its publication.
    const keptPublished = new Set((result.plan.replaces ?? []).map((r) => r.workspace));
    const added = (result.plan.workspaces?.added ?? []).filter((id) => !keptPublished.has(id));
    if (added.length > 0) process.stdout.write(`  Publish the new workspaces: mwkit publish ${added.join(' ')}${envFlag(target)}\n`);
  }
  return ExitCode.ok;
}

/** `trustedKeys`: the environment's trusted fingerprints, when known (an empty list: it trusts none). */
export function planText(result: ApplyResult, target: Target, trustedKeys?: readonly string[]): string {
  const pkg = result.package;
  const from = result.plan.package?.from;
  const versions = from && from !== pkg.version ? `${from} → ${pkg.version}` : pkg.version;
  const signature = pkg.signed ? signatureText(pkg.keyFingerprint ?? '', trustedKeys) : 'not signed';
  return `Plan for ${pkg.name} ${versions}, ${signature}, on ${describeTarget(target)}:\n${formatPlan(result.plan, stdoutColors())}`;
}

function signatureText(fingerprint: string, trustedKeys: readonly string[] | undefined): string {
  const key = `key ${fingerprint.slice(0, 16)}…`;
  if (trustedKeys === undefined) return `signed by ${key}`;
  if (trustedKeys.includes(fingerprint)) return `signed by trusted ${key}`;
  return trustedKeys.length === 0 ? `signed by ${key}, not checked against a trusted key: the environment trusts none (mwkit env trust add)` : `signed by ${key}, which the environment does not trust`;
}

async function confirmApply(pkg: PackageSummary, target: Target, options: ApplyOptions): Promise<void> {
  const canAsk = options.isInteractive ?? isInteractive();
  if (!canAsk) {
    throw new UsageError(
      'Not applied: this needs a confirmation, and there is no terminal to ask on (stdin is not a TTY, or CI is set).',
      `Pass --yes to apply without asking (check the plan first with --dry-run): mwkit apply ${options.pkg}${envFlag(target)} --yes`,
    );
  }
  const ask = options.confirm ?? askInTerminal;
  if (!(await ask(`Apply ${pkg.name} ${pkg.version} to ${target.name ?? target.url}?`))) {
    throw new FailedError('Not applied: cancelled.', 'Nothing was changed.');
  }
}

async function askInTerminal(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message, default: false }, { output: process.stderr });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') return false;
    throw error;
  }
}

async function reportRejection(error: PackageRejectedError, target: Target, where: { bytes: Buffer; cwd: string; isJson: boolean }): Promise<void> {
  if (where.isJson) printJson({ environment: targetJson(target), outcome: 'rejected', problem: error.problem });
  else await printRejection(error, where.bytes, where.cwd);
}

/** ` --env name` when the command was given one, so a suggested command targets the same environment. */
export function envFlag(target: Target): string {
  return target.source === 'flag' && target.name ? ` --env ${target.name}` : '';
}
