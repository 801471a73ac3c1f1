// The deployable package format (SPEC §4 "Deployable package"): file names, the manifest and
// signature shapes. schemas/manifest.schema.json is the source of truth for both documents;
// test/unit/package-schema.test.ts checks that these types and the schema agree.

/** Version of the package layout; a reader refuses formats it does not know. */
export const packageFormat = 1;

export const manifestPath = 'manifest.json';
export const signaturePath = 'signature.json';
export const packageExtension = '.mwpkg';

/**
 * Packages named so are built by `mwkit publish <template>` from the workspace templates shipped
 * with mwkit. A package of one's own may take over their workspace ids (apply-decision.ts).
 */
export const shippedTemplatePackagePrefix = 'mwkit-template-';

/** The two files a manifest does not list: itself, and the signature over its bytes. */
export const unlistedPaths: readonly string[] = [manifestPath, signaturePath];

export interface ManifestFile {
  /** Path inside the package, with forward slashes. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
}

export interface ManifestWorkspace {
  id: string;
  version: string;
  /** Path of the normalised definition: workspaces/<id>/workspace.json. */
  path: string;
}

export interface Manifest {
  format: typeof packageFormat;
  name: string;
  publisher: string;
  version: string;
  description?: string;
  /** ISO 8601 UTC, from SOURCE_DATE_EPOCH or the fixed default (see timestamp.ts). */
  createdAt: string;
  tool: { name: string; version: string };
  workspaces: ManifestWorkspace[];
  files: ManifestFile[];
}

export const signatureAlgorithm = 'ed25519';

/** signature.json: an Ed25519 signature over the exact bytes of manifest.json. */
export interface SignatureFile {
  algorithm: typeof signatureAlgorithm;
  /** SHA-256 of the raw 32-byte public key, lowercase hex. */
  keyFingerprint: string;
  /** The 64-byte signature, base64. */
  signature: string;
}

export function workspaceDefinitionPath(id: string): string {
  return `workspaces/${id}/workspace.json`;
}

export function workspaceLogicPath(id: string): string {
  return `workspaces/${id}/logic.js`;
}

export function packageFileName(name: string, version: string): string {
  return `${name}-${version}${packageExtension}`;
}

/** The byte order of UTF-16 code units, not the locale's: the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** manifest.json and signature.json: small and read by people, so two-space indented; a final newline. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/**
 * workspace.json: read by machines (the environment, the app, mwkit inspect) and stored
 * uncompressed, so compact: half the bytes of the indented form. A final newline.
 */
export function compactJsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
}
