// Turns a validated project into the bytes of its package: normalised workspace definitions,
// business logic (logic.ts compiled to logic.js), the manifest, the optional signature, one deterministic zip.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { FailedError } from '../errors.js';
import { compileLogic, isTypeScriptLogic } from '../logic/compile.js';
import { normalizeWorkspace } from '../model/normalize.js';
import type { LoadedProject } from '../project/load.js';
import { toolName, toolVersion } from '../version.js';
import {
  compactJsonBytes,
  compareCodeUnits,
  jsonBytes,
  manifestPath,
  packageFileName,
  signaturePath,
  workspaceDefinitionPath,
  workspaceLogicPath,
  type Manifest,
  type ManifestWorkspace,
  type SignatureFile,
} from './format.js';
import { buildManifest, sha256Hex } from './manifest.js';
import { signManifest } from './signing.js';
import { writeDeterministicZip, type ZipInputFile } from './zip-writer.js';

export interface BuildOptions {
  /** The package's one timestamp (see timestamp.ts). */
  createdAt: Date;
  signingKey?: KeyObject;
}

export interface BuiltPackage {
  /** <name>-<version>.mwpkg */
  fileName: string;
  bytes: Buffer;
  /** SHA-256 of `bytes`, hex. */
  digest: string;
  manifest: Manifest;
  signature?: SignatureFile;
}

/** The project must have passed validation without errors (every workspace loaded). */
export async function buildPackage(project: LoadedProject, options: BuildOptions): Promise<BuiltPackage> {
  const info = project.project;
  if (!info) throw new Error('buildPackage needs a project with a valid mwkit.yaml');
  const { files, workspaces } = await workspaceFiles(project);
  const manifest = buildManifest({
    name: info.name,
    publisher: info.publisher,
    version: info.version,
    description: info.description,
    createdAt: options.createdAt,
    tool: { name: toolName, version: toolVersion() },
    workspaces,
    files,
  });
  const manifestBytes = jsonBytes(manifest);
  const entries: ZipInputFile[] = [...files, { path: manifestPath, data: manifestBytes }];
  const signature = options.signingKey ? signManifest(manifestBytes, options.signingKey) : undefined;
  if (signature) entries.push({ path: signaturePath, data: jsonBytes(signature) });
  const bytes = await writeDeterministicZip(entries, options.createdAt);
  return { fileName: packageFileName(info.name, info.version), bytes, digest: sha256Hex(bytes), manifest, ...(signature ? { signature } : {}) };
}

async function workspaceFiles(project: LoadedProject): Promise<{ files: ZipInputFile[]; workspaces: ManifestWorkspace[] }> {
  const files: ZipInputFile[] = [];
  const workspaces: ManifestWorkspace[] = [];
  const loaded = project.workspaces.flatMap(({ source, workspace }) => (workspace ? [{ source, workspace }] : []));
  loaded.sort((a, b) => compareCodeUnits(a.workspace.id, b.workspace.id));
  for (const { source, workspace } of loaded) {
    const normalized = normalizeWorkspace(workspace);
    if (workspace.logic !== undefined) {
      files.push({ path: workspaceLogicPath(workspace.id), data: await readLogic(project.root, source.file, workspace.logic) });
      normalized.logic = 'logic.js';
    }
    const path = workspaceDefinitionPath(workspace.id);
    files.push({ path, data: compactJsonBytes(normalized) });
    workspaces.push({ id: workspace.id, version: workspace.version, path });
  }
  return { files, workspaces };
}

/**
 * logic.js is packed byte for byte: the app runs exactly what was tested. logic.ts is compiled
 * by the esbuild that mwkit pins, so the same sources and tool version give the same bytes.
 */
async function readLogic(root: string, workspaceFile: string, logic: string): Promise<Buffer> {
  const file = join(dirname(workspaceFile), logic).split(sep).join('/');
  const bytes = readFileSync(join(root, file));
  if (!isTypeScriptLogic(logic)) return bytes;
  const { compiled, failure } = await compileLogic(bytes.toString('utf8'), file);
  if (!compiled) {
    throw new FailedError(`${file}:${failure.line}:${failure.column}: ${failure.message}`, 'Fix the script; mwkit validate shows the same error.');
  }
  return Buffer.from(compiled.code, 'utf8');
}
