// `mwkit verify <pkg> [--key pub] [--json]`: exit 0 only if the zip is safe and well-formed,
// every file is listed with the right size and digest, nothing is missing or extra, and (with
// --key) the package is signed by that key. Exit 1 with the reasons otherwise.
import { resolve } from 'node:path';
import { Chalk } from 'chalk';
import { isColorEnabled } from '../cli/output.js';
import { ExitCode } from '../errors.js';
import { packageArgument, plural } from '../package/cli-format.js';
import { readPublicKeyFile } from '../package/key-files.js';
import { PackageError, readPackageFile } from '../package/reader.js';
import { verifyPackage, type SignatureStatus } from '../package/verify.js';

export interface VerifyOptions {
  pkg: string;
  key?: string;
  json?: boolean;
  cwd?: string;
}

export interface VerifyResult {
  ok: boolean;
  path: string;
  sha256?: string;
  size?: number;
  name?: string;
  version?: string;
  workspaces?: number;
  files?: number;
  signature?: SignatureStatus;
  problems: Array<{ code: string; message: string; path?: string }>;
}

export async function runVerify(options: VerifyOptions): Promise<number> {
  const result = await verify(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerifyResult(result, isColorEnabled()));
  return result.ok ? ExitCode.ok : ExitCode.failed;
}

export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const cwd = options.cwd ?? process.cwd();
  const file = packageArgument(cwd, options.pkg);
  const keys = options.key ? [readPublicKeyFile(resolve(cwd, options.key), options.key)] : [];
  let pkg;
  try {
    pkg = await readPackageFile(file);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    return { ok: false, path: options.pkg, problems: [{ code: error.code, message: error.message, ...(error.path ? { path: error.path } : {}) }] };
  }
  const report = verifyPackage(pkg, { keys });
  return {
    ok: report.ok,
    path: options.pkg,
    sha256: pkg.digest,
    size: pkg.size,
    name: pkg.manifest.name,
    version: pkg.manifest.version,
    workspaces: pkg.manifest.workspaces.length,
    files: pkg.manifest.files.length,
    signature: report.signature,
    problems: report.problems,
  };
}

export function formatSignature(signature: SignatureStatus | undefined): string {
  switch (signature?.status) {
    case undefined:
      return 'unknown';
    case 'unsigned':
      return 'not signed';
    case 'not-checked':
      return `signed by key ${signature.keyFingerprint}, not checked (pass --key <pub> to check it)`;
    case 'valid':
      return `valid, by key ${signature.keyFingerprint}`;
    case 'unknown-key':
      return `signed by another key, ${signature.keyFingerprint}`;
    case 'invalid':
      return `INVALID (claims key ${signature.keyFingerprint})`;
  }
}

export function formatVerifyResult(result: VerifyResult, isColor = false): string {
  const colors = new Chalk({ level: isColor ? 1 : 0 });
  const lines: string[] = [];
  if (result.ok) lines.push(colors.green(`✔ ${result.path}: verified`));
  else lines.push(colors.red(`✖ ${result.path}: verification failed (${plural(result.problems.length, 'problem')})`));
  for (const problem of result.problems) lines.push(`  - ${problem.message}`);
  if (result.name !== undefined) {
    lines.push(`  package:   ${result.name} ${result.version ?? ''}, ${plural(result.workspaces ?? 0, 'workspace')}, ${plural(result.files ?? 0, 'file')}`);
    lines.push(`  sha256:    ${result.sha256 ?? ''}`);
    lines.push(`  signature: ${formatSignature(result.signature)}`);
  }
  if (result.ok && result.signature?.status !== 'valid') {
    lines.push('  note:      this proves the package is intact, not who made it; pass --key <pub> to require a signature.');
  }
  return `${lines.join('\n')}\n`;
}
