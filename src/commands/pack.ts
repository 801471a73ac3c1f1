// `mwkit pack [path] [--out dir] [--sign keyfile] [--json]`: validate, then write a
// deterministic <name>-<version>.mwpkg. Refuses (exit 1, nothing written) when validation fails.
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isColorEnabled } from '../cli/output.js';
import { ExitCode, FailedError, UsageError, UserError } from '../errors.js';
import { buildPackage } from '../package/build.js';
import { readPrivateKeyFile } from '../package/key-files.js';
import { packageTimestamp } from '../package/timestamp.js';
import { packageExtension } from '../package/format.js';
import { readPackageFile } from '../package/reader.js';
import { describeDrift, versionDrift, type EarlierPackage, type VersionDrift } from '../package/version-drift.js';
import { projectFileName } from '../project/load.js';
import { getReporter } from '../reporters/index.js';
import { projectReportContext } from '../reporters/project-context.js';
import { validateProjectConcurrently } from '../validate/concurrent.js';
import type { ValidationResult } from '../validate/pipeline.js';
import { createProgress, formatBytes, plural } from '../package/cli-format.js';

export interface PackOptions {
  path?: string;
  out?: string;
  sign?: string;
  json?: boolean;
  cwd?: string;
  /** Where SOURCE_DATE_EPOCH is read from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export interface PackResult {
  /** The package file, relative to the current folder when inside it. */
  path: string;
  sha256: string;
  size: number;
  name: string;
  version: string;
  workspaces: number;
  files: number;
  /** Fingerprint of the signing key, when signed. */
  keyFingerprint?: string;
  /** Workspaces whose content changed since an earlier package in the output folder while their version stayed. */
  unchangedVersions?: VersionDrift[];
}

export async function runPack(options: PackOptions): Promise<number> {
  const result = await pack(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatPackResult(result));
  return ExitCode.ok;
}

export async function pack(options: PackOptions): Promise<PackResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = projectRoot(cwd, options.path ?? '.');
  const createdAt = packageTimestamp(options.env ?? process.env);
  const signingKey: KeyObject | undefined = options.sign ? readPrivateKeyFile(resolve(cwd, options.sign), options.sign) : undefined;
  const progress = createProgress(process.stderr);
  progress.show('Validating the project…');
  const validation = await validateProjectConcurrently({ path: root, cwd });
  progress.clear();
  if (!validation.hasCatalog) process.stderr.write('mwkit: no entity catalog (set `catalog` in mwkit.yaml); entity and field names were not checked.\n');
  if (validation.diagnostics.length > 0) process.stderr.write(report(validation));
  if (validation.errors > 0) {
    throw new FailedError(`Not packed: the project has ${plural(validation.errors, 'error')}.`, 'Fix them (mwkit validate lists the same) and run mwkit pack again.');
  }
  if (!validation.project.workspaces.some((w) => w.workspace)) {
    throw new FailedError('Not packed: the project has no workspaces.', 'Add one with mwkit new workspace <id>.');
  }
  progress.show('Writing the package…');
  const built = await buildPackage(validation.project, { createdAt, signingKey });
  const target = resolve(cwd, options.out ?? 'dist', built.fileName);
  const drifts = versionDrift(built.manifest, await earlierPackages(dirname(target), built.manifest.name, cwd));
  writeAtomically(target, built.bytes);
  progress.clear();
  for (const drift of drifts) {
    const source = validation.project.workspaces.find((w) => w.workspace?.id === drift.workspace)?.source.file;
    process.stderr.write(
      `mwkit: warning: ${describeDrift(drift)}: raise \`version:\` in ${source ? shownPath(cwd, source) : `the workspace ${drift.workspace}`}, so status, history and support can tell the two apart.\n`,
    );
  }
  return {
    path: shownPath(cwd, target),
    sha256: built.digest,
    size: built.bytes.length,
    name: built.manifest.name,
    version: built.manifest.version,
    workspaces: built.manifest.workspaces.length,
    files: built.manifest.files.length,
    ...(built.signature ? { keyFingerprint: built.signature.keyFingerprint } : {}),
    ...(drifts.length > 0 ? { unchangedVersions: drifts } : {}),
  };
}

/** The packages of this name already in the output folder, newest first (at most 20; unreadable ones skipped). */
async function earlierPackages(folder: string, name: string, cwd: string): Promise<EarlierPackage[]> {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith(packageExtension))
    .map((file) => ({ path: join(folder, file), modified: statSync(join(folder, file)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified)
    .slice(0, 20);
  const earlier: EarlierPackage[] = [];
  for (const file of files) {
    try {
      const { manifest } = await readPackageFile(file.path);
      if (manifest.name === name) earlier.push({ file: shownPath(cwd, file.path), manifest }); // shop-extras-… is another package
    } catch {
      // not a package mwkit can read: nothing to compare with
    }
  }
  return earlier;
}

/** pack takes a project folder (or its mwkit.yaml), never a single workspace. */
function projectRoot(cwd: string, given: string): string {
  const target = resolve(cwd, given);
  if (existsSync(target) && statSync(target).isFile() && basename(target) === projectFileName) return dirname(target);
  if (existsSync(join(target, projectFileName))) return target;
  throw new UsageError(
    existsSync(target) ? `${given} is not a project folder: it has no ${projectFileName}.` : `No such folder: ${given}`,
    'Run mwkit pack in the project folder (the one with mwkit.yaml), or pass its path.',
  );
}

/** Diagnostics exactly as `mwkit validate` prints them, on stderr: stdout is for the result. */
function report(validation: ValidationResult): string {
  const context = projectReportContext(validation.project, isColorEnabled(process.stderr));
  return getReporter('text')(validation, context);
}

/** Written beside the target, then renamed: a failed pack never leaves half a package. */
function writeAtomically(target: string, bytes: Buffer): void {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, bytes, { mode: 0o644 });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(`Cannot write ${target}: ${code}.`, 'Check that the --out folder is writable.');
  }
}

function shownPath(cwd: string, target: string): string {
  const fromCwd = relative(cwd, target);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? target : fromCwd;
}

export function formatPackResult(result: PackResult): string {
  const lines = [
    `Packed ${result.name} ${result.version}: ${plural(result.workspaces, 'workspace')}, ${plural(result.files, 'file')}`,
    `  ${result.path}  (${formatBytes(result.size)})`,
    `  sha256 ${result.sha256}`,
    result.keyFingerprint ? `  signed by key ${result.keyFingerprint}` : '  not signed (sign with --sign <keyfile>; create a key with mwkit keygen)',
  ];
  return `${lines.join('\n')}\n`;
}
