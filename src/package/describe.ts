// What `mwkit inspect` shows about a package, as data: the manifest, each workspace's pages and
// actions (from its workspace.json), the files, the digest, signature and integrity status.
import type { KeyObject } from 'node:crypto';
import type { Manifest, ManifestFile } from './format.js';
import type { PackageContents } from './reader.js';
import { checkIntegrity, checkSignature, type PackageProblem, type SignatureStatus } from './verify.js';

export interface WorkspaceSummary {
  id: string;
  version: string;
  title?: string;
  description?: string;
  hasLogic: boolean;
  pages: Array<{ id: string; kind: string; title?: string; entity?: string }>;
  actions: Array<{ id: string; kind: string; title?: string; entity?: string }>;
}

export interface PackageDescription {
  manifest: Manifest;
  sha256: string;
  size: number;
  signature: SignatureStatus;
  integrity: { ok: boolean; problems: PackageProblem[] };
  workspaces: WorkspaceSummary[];
  files: ManifestFile[];
}

export function describePackage(pkg: PackageContents, keys: readonly KeyObject[] = []): PackageDescription {
  const problems = checkIntegrity(pkg);
  return {
    manifest: pkg.manifest,
    sha256: pkg.digest,
    size: pkg.size,
    signature: checkSignature(pkg, keys),
    integrity: { ok: problems.length === 0, problems },
    workspaces: pkg.manifest.workspaces.map(({ id, version, path }) => summarize(id, version, pkg.entries.get(path))),
    files: pkg.manifest.files,
  };
}

interface Named {
  id?: unknown;
  kind?: unknown;
  title?: unknown;
  entity?: unknown;
}

function summarize(id: string, version: string, data: Buffer | undefined): WorkspaceSummary {
  const definition = parseObject(data) as { title?: unknown; description?: unknown; logic?: unknown; pages?: unknown; actions?: unknown };
  return {
    id,
    version,
    ...(typeof definition.title === 'string' ? { title: definition.title } : {}),
    ...(typeof definition.description === 'string' ? { description: definition.description } : {}),
    hasLogic: typeof definition.logic === 'string',
    pages: listOf(definition.pages),
    actions: listOf(definition.actions),
  };
}

function listOf(value: unknown): WorkspaceSummary['pages'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: Named) => {
    if (item === null || typeof item !== 'object' || typeof item.id !== 'string') return [];
    return [
      {
        id: item.id,
        kind: typeof item.kind === 'string' ? item.kind : '?',
        ...(typeof item.title === 'string' ? { title: item.title } : {}),
        ...(typeof item.entity === 'string' ? { entity: item.entity } : {}),
      },
    ];
  });
}

function parseObject(data: Buffer | undefined): object {
  if (!data) return {};
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return value !== null && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
