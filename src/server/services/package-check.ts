// Everything an uploaded package must pass before anything changes: the safe reader, every
// file against the manifest, the trust policy, and the schema and rules of `mwkit validate`
// against this environment's catalog. Read-only: a refused package leaves no trace.
import type { KeyObject } from 'node:crypto';
import { normalizeWorkspace } from '../../model/normalize.js';
import type { Catalog, Workspace } from '../../model/types.js';
import { signaturePath } from '../../package/format.js';
import { PackageError, readPackage, type PackageContents, type ReaderLimits } from '../../package/reader.js';
import { checkIntegrity, checkSignature, type SignatureStatus } from '../../package/verify.js';
import { validateDocuments } from '../../validate/index.js';
import { workspaceLimits } from '../../validate/rules/limits.js';
import type { IncomingPackage } from '../domain/apply-decision.js';
import type { PackageToStore } from '../store/types.js';
import { ServiceError } from './errors.js';

export interface CheckedPackage {
  incoming: IncomingPackage;
  stored: PackageToStore;
}

export async function checkPackage(bytes: Buffer, catalog: Catalog, trustedKeys: readonly KeyObject[], limits: Partial<ReaderLimits> = {}): Promise<CheckedPackage> {
  const pkg = await readSafely(bytes, limits);
  const problems = checkIntegrity(pkg);
  if (problems.length > 0) {
    throw new ServiceError('package-rejected', 'The package was refused', `The package does not match its manifest: ${problems[0]!.message}`, {
      reason: problems[0]!.message,
      code: problems[0]!.code,
      problems,
    });
  }
  const signature = checkSignature(pkg, trustedKeys);
  if (trustedKeys.length > 0 && signature.status !== 'valid') throw signatureRefusal(signature);
  const workspaces = validateWorkspaces(pkg, catalog);
  return { incoming: { name: pkg.manifest.name, version: pkg.manifest.version, digest: pkg.digest, workspaces }, stored: toStore(bytes, pkg, workspaces, signature) };
}

async function readSafely(bytes: Buffer, limits: Partial<ReaderLimits>): Promise<PackageContents> {
  try {
    return await readPackage(bytes, limits);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    throw new ServiceError('package-rejected', 'The package was refused', error.message, { reason: error.message, code: error.code, ...(error.path ? { path: error.path } : {}) });
  }
}

function signatureRefusal(signature: SignatureStatus): ServiceError {
  const reasons: Record<string, string> = {
    unsigned: 'This environment accepts only packages signed by one of its trusted keys, and the package is not signed.',
    'unknown-key': `The package is signed by key ${'keyFingerprint' in signature ? signature.keyFingerprint : ''}, which this environment does not trust.`,
    invalid: 'The signature does not match manifest.json: the package was altered after signing, or the signature is forged.',
  };
  const code = signature.status === 'invalid' ? 'bad-signature' : signature.status;
  const reason = reasons[signature.status] ?? 'The signature could not be checked.';
  return new ServiceError('signature-required', 'A trusted signature is required', `${reason} Sign it with mwkit pack --sign, or trust its key with mwkit env trust add.`, { reason, code });
}

/** A definition file this large is refused before it is parsed: pretty-printed JSON of one at the limit is far smaller. */
const maxDefinitionFileBytes = 4 * workspaceLimits.definitionBytes;

function refuseOversizedDefinitions(pkg: PackageContents): void {
  for (const { id, path } of pkg.manifest.workspaces) {
    const size = pkg.entries.get(path)?.length ?? 0;
    if (size <= maxDefinitionFileBytes) continue;
    const reason = `Workspace \`${id}\` is ${Math.ceil(size / 1024).toLocaleString('en-US')} KB; a workspace definition may be at most ${workspaceLimits.definitionBytes / 1024} KB, so it was not read.`;
    throw new ServiceError('package-rejected', 'The package was refused', reason, { reason, code: 'invalid-workspaces', path });
  }
}

function validateWorkspaces(pkg: PackageContents, catalog: Catalog): IncomingPackage['workspaces'] {
  refuseOversizedDefinitions(pkg);
  const documents = pkg.manifest.workspaces.map(({ path }) => ({ file: path, text: pkg.entries.get(path)!.toString('utf8') }));
  const readFile = (file: string): string | undefined => pkg.entries.get(file)?.toString('utf8');
  const result = validateDocuments({ workspaces: documents, catalog, readFile });
  const { diagnostics, errors } = result;
  if (errors > 0) {
    const first = diagnostics.find((d) => d.severity === 'error')!;
    throw new ServiceError('package-rejected', 'The package was refused', `The package's workspaces have ${errors} error${errors === 1 ? '' : 's'}; the first: ${first.file}: ${first.message}`, {
      reason: first.message,
      code: 'invalid-workspaces',
      diagnostics: { ok: false, errors, warnings: diagnostics.length - errors, diagnostics },
    });
  }
  return result.workspaces.map((workspace: Workspace) => {
    const logicPath = `workspaces/${workspace.id}/logic.js`;
    return {
      id: workspace.id,
      version: workspace.version,
      definition: normalizeWorkspace(workspace),
      logic: workspace.logic !== undefined ? (pkg.entries.get(logicPath)?.toString('utf8') ?? null) : null,
    };
  });
}

function toStore(bytes: Buffer, pkg: PackageContents, workspaces: IncomingPackage['workspaces'], signature: SignatureStatus): PackageToStore {
  return {
    name: pkg.manifest.name,
    version: pkg.manifest.version,
    publisher: pkg.manifest.publisher,
    digest: pkg.digest,
    size: pkg.size,
    signed: signature.status !== 'unsigned',
    keyFingerprint: 'keyFingerprint' in signature ? signature.keyFingerprint : null,
    manifest: pkg.manifestBytes.toString('utf8'),
    signature: pkg.entries.get(signaturePath)?.toString('utf8') ?? null,
    bytes,
    workspaces: workspaces.map((w) => ({ id: w.id, version: w.version, title: w.definition.title, definition: JSON.stringify(w.definition), logic: w.logic })),
  };
}

/**
 * Runs the workspace checks once over a tiny document, so that the first real upload does not
 * also pay for loading and compiling the validator, the YAML reader and the script parser.
 */
export function warmUpChecks(catalog: Catalog): void {
  const definition = { schemaVersion: 1, id: 'warm-up', title: 'Warm-up', version: '1.0.0', logic: 'logic.js', pages: [{ id: 'p', kind: 'list', title: 'P', entity: 'Item', fields: ['name'] }] };
  const files: Record<string, string> = { 'workspaces/warm-up/logic.js': 'export function onPageOpened(ctx) { if (ctx) return; }\n' };
  validateDocuments({ workspaces: [{ file: 'workspaces/warm-up/workspace.json', text: JSON.stringify(definition) }], catalog, readFile: (file) => files[file] });
}
