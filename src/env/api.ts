// The environment's API as the CLI uses it (see docs/environments.md and /api/v1/openapi.json).
// Every answer and body is typed by the contract (src/contract/), imported as types only: the
// CLI loads no schema library. A body is checked with `satisfies` against the contract's request
// type, and test/unit/contract-copies.test.ts keeps wire shapes of the client's own out.
import type { AppliedPackage, ApplyResult, RollbackRequest, RollbackResult } from '../contract/packages.js';
import type { CreatedServiceToken, CreateServiceTokenRequest, ServiceToken, User } from '../contract/session.js';
import type { AddTrustedKeyRequest, TrustedKey, TrustPolicy } from '../contract/trust.js';
import type { HistoryEntry, PublicationResult, PublishRequest, WorkspaceListItem } from '../contract/workspaces.js';
import type { Catalog } from '../model/types.js';
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
    entities: () => client.request<Catalog>('GET', '/entities'),
    uploadPackage: (bytes: Buffer, options: UploadOptions) =>
      client.request<ApplyResult>('POST', '/packages', {
        body: bytes,
        query: { dryRun: options.isDryRun ? 'true' : undefined, allowDowngrade: options.isDowngradeAllowed ? 'true' : undefined },
        ...(options.onUploadProgress ? { onUploadProgress: options.onUploadProgress } : {}),
      }),
    packages: () => client.request<AppliedPackage[]>('GET', '/packages'),
    rollback: (name: string, toVersion: string | undefined) =>
      client.request<RollbackResult>('POST', `/packages/${segment(name)}/rollback`, { json: (toVersion ? { toVersion } : {}) satisfies RollbackRequest }),
    workspaces: () => client.request<WorkspaceListItem[]>('GET', '/workspaces'),
    publish: (id: string, roles: string[] | undefined) => client.request<PublicationResult>('POST', `/workspaces/${segment(id)}/publish`, { json: (roles ? { roles } : {}) satisfies PublishRequest }),
    unpublish: (id: string) => client.request<PublicationResult>('POST', `/workspaces/${segment(id)}/unpublish`, { json: {} satisfies PublishRequest }),
    history: (limit: number | undefined) => client.request<HistoryEntry[]>('GET', '/history', { query: { limit: limit === undefined ? undefined : String(limit) } }),
    trust: () => client.request<TrustPolicy>('GET', '/trust'),
    addTrustedKey: (publicKey: string) => client.request<TrustedKey>('POST', '/trust', { json: { publicKey } satisfies AddTrustedKeyRequest }),
    removeTrustedKey: (fingerprint: string) => client.request<void>('DELETE', `/trust/${segment(fingerprint)}`),
    createToken: (name: string, role: CreateServiceTokenRequest['role'], expires: string | undefined) =>
      client.request<CreatedServiceToken>('POST', '/tokens', { json: { name, role, ...(expires ? { expires } : {}) } satisfies CreateServiceTokenRequest }),
    tokens: () => client.request<ServiceToken[]>('GET', '/tokens'),
    revokeToken: (name: string) => client.request<void>('DELETE', `/tokens/${segment(name)}`),
  };
}

export type EnvironmentApi = ReturnType<typeof environmentApi>;
