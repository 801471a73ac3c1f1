// The environment's API as the CLI uses it (see docs/environments.md and /api/v1/openapi.json).
// The wire's types are the contract's (src/contract/), imported as types only: the CLI loads no
// schema library. Those not moved there yet are described here (issue 29, step 4).
import type { AppliedPackage, ApplyResult, RollbackResult } from '../contract/packages.js';
import type { CreatedServiceToken, ServiceToken, User } from '../contract/session.js';
import type { TrustedKey, TrustPolicy } from '../contract/trust.js';
import type { HistoryEntry, PublicationResult, WorkspaceListItem } from '../contract/workspaces.js';
import type { EnvClient } from './client.js';

export type { AppliedPackage, ApplyResult, IdChanges, PackageSummary, Plan, RollbackResult, WorkspaceChange } from '../contract/packages.js';
export type { ServiceToken, User } from '../contract/session.js';
export type { TrustedKey, TrustPolicy } from '../contract/trust.js';
export type { HistoryEntry, Publication, PublicationResult, WorkspaceListItem } from '../contract/workspaces.js';

export interface UploadOptions {
  isDryRun: boolean;
  isDowngradeAllowed: boolean;
  onUploadProgress?: (sent: number, total: number | undefined) => void;
}

const segment = encodeURIComponent;

export function environmentApi(client: EnvClient) {
  return {
    client,
    me: () => client.request<User>('GET', '/me'),
    entities: () => client.request<unknown>('GET', '/entities'),
    uploadPackage: (bytes: Buffer, options: UploadOptions) =>
      client.request<ApplyResult>('POST', '/packages', {
        body: bytes,
        query: { dryRun: options.isDryRun ? 'true' : undefined, allowDowngrade: options.isDowngradeAllowed ? 'true' : undefined },
        ...(options.onUploadProgress ? { onUploadProgress: options.onUploadProgress } : {}),
      }),
    packages: () => client.request<AppliedPackage[]>('GET', '/packages'),
    rollback: (name: string, toVersion: string | undefined) => client.request<RollbackResult>('POST', `/packages/${segment(name)}/rollback`, { json: toVersion ? { toVersion } : {} }),
    workspaces: () => client.request<WorkspaceListItem[]>('GET', '/workspaces'),
    publish: (id: string, roles: string[] | undefined) => client.request<PublicationResult>('POST', `/workspaces/${segment(id)}/publish`, { json: roles ? { roles } : {} }),
    unpublish: (id: string) => client.request<PublicationResult>('POST', `/workspaces/${segment(id)}/unpublish`, { json: {} }),
    history: (limit: number | undefined) => client.request<HistoryEntry[]>('GET', '/history', { query: { limit: limit === undefined ? undefined : String(limit) } }),
    trust: () => client.request<TrustPolicy>('GET', '/trust'),
    addTrustedKey: (publicKey: string) => client.request<TrustedKey>('POST', '/trust', { json: { publicKey } }),
    removeTrustedKey: (fingerprint: string) => client.request<void>('DELETE', `/trust/${segment(fingerprint)}`),
    createToken: (name: string, role: string, expires: string | undefined) => client.request<CreatedServiceToken>('POST', '/tokens', { json: { name, role, ...(expires ? { expires } : {}) } }),
    tokens: () => client.request<ServiceToken[]>('GET', '/tokens'),
    revokeToken: (name: string) => client.request<void>('DELETE', `/tokens/${segment(name)}`),
  };
}

export type EnvironmentApi = ReturnType<typeof environmentApi>;
