// What makes a package valid once the reader has accepted it (SPEC §4): every file listed in
// the manifest with the right size and digest, nothing missing, nothing extra, the workspaces
// where the manifest says; and, when keys are given, a valid signature by one of them.
import type { KeyObject } from 'node:crypto';
import { manifestPath, signaturePath, unlistedPaths, workspaceDefinitionPath, workspaceLogicPath } from './format.js';
import { sha256Hex } from './manifest.js';
import type { PackageContents } from './reader.js';
import { isValidSignature, keyFingerprint } from './signing.js';

export type ProblemCode = 'unlisted-file' | 'missing-file' | 'size-mismatch' | 'digest-mismatch' | 'duplicate-listing' | 'workspace-mismatch' | 'unsigned' | 'unknown-key' | 'bad-signature';

export interface PackageProblem {
  code: ProblemCode;
  message: string;
  path?: string;
}

export type SignatureStatus =
  /** No signature.json. */
  | { status: 'unsigned' }
  /** Signed, but no key was given to check it with. */
  | { status: 'not-checked'; keyFingerprint: string }
  | { status: 'valid'; keyFingerprint: string }
  /** Signed by a key that is not among the keys given. */
  | { status: 'unknown-key'; keyFingerprint: string }
  /** Claims one of the keys given, but the signature does not hold for manifest.json's bytes. */
  | { status: 'invalid'; keyFingerprint: string };

export interface VerifyOptions {
  /** Public keys, any of which may have signed. With keys, a package must be signed by one of them. */
  keys?: readonly KeyObject[];
}

export interface VerifyReport {
  ok: boolean;
  problems: PackageProblem[];
  signature: SignatureStatus;
}

export function verifyPackage(pkg: PackageContents, options: VerifyOptions = {}): VerifyReport {
  const problems = checkIntegrity(pkg);
  const signature = checkSignature(pkg, options.keys ?? []);
  const keys = options.keys ?? [];
  if (keys.length > 0) problems.push(...signatureProblems(signature, keys));
  return { ok: problems.length === 0, problems, signature };
}

/** The files of the zip against the manifest's list, and the workspaces against their files. */
export function checkIntegrity(pkg: PackageContents): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const listed = new Map<string, { size: number; sha256: string }>();
  for (const file of pkg.manifest.files) {
    if (listed.has(file.path)) problems.push({ code: 'duplicate-listing', path: file.path, message: `manifest.json lists ${file.path} twice.` });
    listed.set(file.path, file);
  }
  for (const [path, data] of pkg.entries) {
    if (unlistedPaths.includes(path)) continue;
    const file = listed.get(path);
    if (!file) {
      problems.push({ code: 'unlisted-file', path, message: `${path} is in the zip but not listed in manifest.json.` });
    } else if (data.length !== file.size) {
      problems.push({ code: 'size-mismatch', path, message: `${path} is ${data.length} bytes; manifest.json says ${file.size}.` });
    } else if (sha256Hex(data) !== file.sha256) {
      problems.push({ code: 'digest-mismatch', path, message: `${path} does not match its SHA-256 in manifest.json (altered after packing).` });
    }
  }
  for (const path of listed.keys()) {
    if (!pkg.entries.has(path)) problems.push({ code: 'missing-file', path, message: `${path} is listed in manifest.json but missing from the zip.` });
  }
  problems.push(...checkWorkspaces(pkg, listed));
  return problems;
}

function checkWorkspaces(pkg: PackageContents, listed: ReadonlyMap<string, unknown>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const seen = new Set<string>();
  for (const { id, version, path } of pkg.manifest.workspaces) {
    const mismatch = (message: string): void => void problems.push({ code: 'workspace-mismatch', path, message });
    if (seen.has(id)) mismatch(`manifest.json lists workspace ${id} twice.`);
    seen.add(id);
    if (path !== workspaceDefinitionPath(id)) mismatch(`Workspace ${id} must be at ${workspaceDefinitionPath(id)}, not ${path}.`);
    if (!listed.has(path)) {
      mismatch(`Workspace ${id}'s definition ${path} is not among the files of manifest.json.`);
      continue;
    }
    const data = pkg.entries.get(path);
    if (!data) continue; // reported as a missing file
    const definition = parseDefinition(data);
    if (!definition) {
      mismatch(`${path} is not a JSON workspace definition.`);
      continue;
    }
    if (definition.id !== id || definition.version !== version) {
      mismatch(`${path} is workspace ${String(definition.id)} ${String(definition.version)}; manifest.json says ${id} ${version}.`);
    }
    if (definition.logic !== undefined && !listed.has(workspaceLogicPath(id))) {
      mismatch(`Workspace ${id} has business logic, but ${workspaceLogicPath(id)} is not among the files of manifest.json.`);
    }
  }
  return problems;
}

function parseDefinition(data: Buffer): { id?: unknown; version?: unknown; logic?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The signature against the given keys: valid if one of them (matched by fingerprint) verifies it. */
export function checkSignature(pkg: PackageContents, keys: readonly KeyObject[]): SignatureStatus {
  const signature = pkg.signature;
  if (!signature) return { status: 'unsigned' };
  const keyFingerprintOfSignature = signature.keyFingerprint;
  if (keys.length === 0) return { status: 'not-checked', keyFingerprint: keyFingerprintOfSignature };
  const key = keys.find((candidate) => keyFingerprint(candidate) === keyFingerprintOfSignature);
  if (!key) return { status: 'unknown-key', keyFingerprint: keyFingerprintOfSignature };
  const isValid = isValidSignature(pkg.manifestBytes, signature, key);
  return { status: isValid ? 'valid' : 'invalid', keyFingerprint: keyFingerprintOfSignature };
}

function signatureProblems(signature: SignatureStatus, keys: readonly KeyObject[]): PackageProblem[] {
  const expected = keys.map(keyFingerprint).join(', ');
  switch (signature.status) {
    case 'unsigned':
      return [{ code: 'unsigned', path: signaturePath, message: `The package is not signed, but a signature by key ${expected} is required.` }];
    case 'unknown-key':
      return [{ code: 'unknown-key', path: signaturePath, message: `The package is signed by key ${signature.keyFingerprint}, not by ${expected}.` }];
    case 'invalid':
      return [{ code: 'bad-signature', path: signaturePath, message: `The signature does not match ${manifestPath} (the manifest was altered after signing, or the signature is forged).` }];
    default:
      return [];
  }
}
