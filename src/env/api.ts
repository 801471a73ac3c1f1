// The environment's API as the CLI uses it (see docs/environments.md and /api/v1/openapi.json).
// The types describe the wire format; fields the CLI does not need may be absent.
import type { EnvClient } from './client.js';

export interface IdChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface WorkspaceChange {
  id: string;
  from: string;
  to: string;
  pages: IdChanges;
  actions: IdChanges;
  fields?: { added: string[]; removed: string[] };
  /** Other top-level keys that changed (title, roles …), and `logic`. */
  settings?: string[];
}

export interface Plan {
  package?: { name: string; from: string | null; to: string };
  workspaces: { added: string[]; changed: WorkspaceChange[]; unchanged: string[]; removed: string[] };
  /** Workspaces taken over from shipped template packages. */
  replaces?: Array<{ workspace: string; package: string }>;
}

export interface PackageInfo {
  name: string;
  version: string;
  publisher?: string;
  digest: string;
  size?: number;
  signed?: boolean;
  keyFingerprint?: string;
}

export interface UploadResult {
  outcome: 'applied' | 'unchanged' | 'planned';
  package: PackageInfo;
  plan: Plan;
}

export interface RollbackResult {
  outcome: 'rolled-back' | 'unchanged';
  package: PackageInfo;
  plan: Plan;
}

export interface AppliedPackage extends PackageInfo {
  appliedAt: string;
  appliedBy: string;
  isCurrent: boolean;
  /** On the current version: when, by whom and how it became current; null on the others. */
  current: { at: string; by: string; action: 'apply' | 'rollback'; fromVersion: string | null } | null;
  workspaces: string[];
}

export interface Publication {
  roles: string[];
  publishedAt: string;
  publishedBy: string;
}

export interface AppliedWorkspace {
  id: string;
  title: string;
  version: string;
  package: { name: string; version: string };
  publication: Publication | null;
}

export interface HistoryEntry {
  id: string | number;
  at: string;
  actor: string;
  action: 'apply' | 'rollback' | 'publish' | 'unpublish' | 'trust-add' | 'trust-remove' | 'token-create' | 'token-revoke';
  package?: { name: string; version: string; digest?: string };
  workspace?: string;
  roles?: string[];
  /** trust-add and trust-remove: the key. */
  keyFingerprint?: string;
  /** token-create and token-revoke: the service token's name. */
  token?: string;
}

export interface ServiceToken {
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
}

export interface TrustedKey {
  fingerprint: string;
  publicKey: string;
  addedAt?: string;
  addedBy?: string;
}

export interface TrustPolicy {
  requireSignature: boolean;
  keys: TrustedKey[];
}

export interface Me {
  id: string;
  name: string;
  roles: string[];
  isAdmin: boolean;
}

export interface UploadOptions {
  isDryRun: boolean;
  isDowngradeAllowed: boolean;
  onUploadProgress?: (sent: number, total: number | undefined) => void;
}

const segment = encodeURIComponent;

export function environmentApi(client: EnvClient) {
  return {
    client,
    me: () => client.request<Me>('GET', '/me'),
    entities: () => client.request<unknown>('GET', '/entities'),
    uploadPackage: (bytes: Buffer, options: UploadOptions) =>
      client.request<UploadResult>('POST', '/packages', {
        body: bytes,
        query: { dryRun: options.isDryRun ? 'true' : undefined, allowDowngrade: options.isDowngradeAllowed ? 'true' : undefined },
        ...(options.onUploadProgress ? { onUploadProgress: options.onUploadProgress } : {}),
      }),
    packages: () => client.request<AppliedPackage[]>('GET', '/packages'),
    rollback: (name: string, toVersion: string | undefined) => client.request<RollbackResult>('POST', `/packages/${segment(name)}/rollback`, { json: toVersion ? { toVersion } : {} }),
    workspaces: () => client.request<AppliedWorkspace[]>('GET', '/workspaces'),
    publish: (id: string, roles: string[] | undefined) => client.request<{ id: string; publication: Publication }>('POST', `/workspaces/${segment(id)}/publish`, { json: roles ? { roles } : {} }),
    unpublish: (id: string) => client.request<{ id: string; publication: null }>('POST', `/workspaces/${segment(id)}/unpublish`, { json: {} }),
    history: (limit: number | undefined) => client.request<HistoryEntry[]>('GET', '/history', { query: { limit: limit === undefined ? undefined : String(limit) } }),
    trust: () => client.request<TrustPolicy>('GET', '/trust'),
    addTrustedKey: (publicKey: string) => client.request<TrustedKey>('POST', '/trust', { json: { publicKey } }),
    removeTrustedKey: (fingerprint: string) => client.request<void>('DELETE', `/trust/${segment(fingerprint)}`),
    createToken: (name: string, role: string, expires: string | undefined) =>
      client.request<ServiceToken & { token: string }>('POST', '/tokens', { json: { name, role, ...(expires ? { expires } : {}) } }),
    tokens: () => client.request<ServiceToken[]>('GET', '/tokens'),
    revokeToken: (name: string) => client.request<void>('DELETE', `/tokens/${segment(name)}`),
  };
}

export type EnvironmentApi = ReturnType<typeof environmentApi>;
