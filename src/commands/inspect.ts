// `mwkit inspect <pkg> [--json]`: what a package holds. Refused packages (unsafe or damaged zips)
// exit 1 with the reason; integrity problems are shown, and `mwkit verify` is the gate for them.
import { resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { isColorEnabled } from '../cli/output.js';
import { ExitCode, FailedError } from '../errors.js';
import { formatBytes, packageArgument, plural } from '../package/cli-format.js';
import { describePackage, type PackageDescription, type WorkspaceSummary } from '../package/describe.js';
import { PackageError, readPackageFile } from '../package/reader.js';
import { formatSignature } from './verify.js';

export interface InspectOptions {
  pkg: string;
  json?: boolean;
  cwd?: string;
}

export async function runInspect(options: InspectOptions): Promise<number> {
  const description = await inspect(options);
  process.stdout.write(options.json ? `${JSON.stringify(description, null, 2)}\n` : formatDescription(description, isColorEnabled()));
  return ExitCode.ok;
}

export async function inspect(options: InspectOptions): Promise<PackageDescription> {
  const file = packageArgument(options.cwd ?? process.cwd(), options.pkg);
  try {
    return describePackage(await readPackageFile(resolve(file)));
  } catch (error) {
    if (error instanceof PackageError) {
      throw new FailedError(`Cannot inspect ${options.pkg}: ${error.message}`, 'mwkit reads only packages that pass its safety checks; rebuild it with mwkit pack.');
    }
    throw error;
  }
}

export function formatDescription(description: PackageDescription, isColor = false): string {
  const colors = new Chalk({ level: isColor ? 1 : 0 });
  const { manifest } = description;
  const lines = [
    colors.bold(`${manifest.name} ${manifest.version}`) + ` by ${manifest.publisher}`,
    ...(manifest.description ? [`  ${manifest.description}`] : []),
    `  format ${manifest.format}, created ${manifest.createdAt} with ${manifest.tool.name} ${manifest.tool.version}`,
    `  sha256    ${description.sha256}  (${formatBytes(description.size)})`,
    `  signature ${formatSignature(description.signature)}`,
    `  integrity ${integrityLine(description, colors)}`,
    ...description.integrity.problems.map((p) => `    - ${p.message}`),
    '',
    colors.bold(`Workspaces (${description.workspaces.length})`),
    ...description.workspaces.flatMap(workspaceLines),
    '',
    colors.bold(`Files (${description.files.length}, plus manifest.json${description.signature.status === 'unsigned' ? '' : ' and signature.json'})`),
    ...fileLines(description),
  ];
  return `${lines.join('\n')}\n`;
}

function integrityLine(description: PackageDescription, colors: ChalkInstance): string {
  if (description.integrity.ok) return colors.green('ok: every file is listed with the right size and digest');
  return colors.red(`${plural(description.integrity.problems.length, 'problem')} (mwkit verify fails)`);
}

function workspaceLines(workspace: WorkspaceSummary): string[] {
  const pages = workspace.pages.map((p) => `${p.id} (${p.kind}${p.entity ? ` of ${p.entity}` : ''})`);
  const actions = workspace.actions.map((a) => `${a.id} (${a.kind}${a.entity ? ` ${a.entity}` : ''})`);
  return [
    `  ${workspace.id} ${workspace.version}${workspace.title ? `  ${workspace.title}` : ''}`,
    `    pages:   ${pages.join(', ') || '-'}`,
    `    actions: ${actions.join(', ') || '-'}`,
    ...(workspace.hasLogic ? ['    logic:   logic.js'] : []),
  ];
}

function fileLines(description: PackageDescription): string[] {
  const width = Math.max(...description.files.map((f) => String(f.size).length));
  return description.files.map((f) => `  ${String(f.size).padStart(width)}  ${f.sha256}  ${f.path}`);
}
