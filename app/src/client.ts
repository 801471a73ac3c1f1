// The environment's API as the app calls it: one function per endpoint the app uses, each typed
// by the wire contract (src/contract/), whose types are imported as types only — the app shell
// carries no schema library. api.ts is the transport beneath (timeouts, offline, problem
// documents); nothing else in the app names an endpoint (test/unit/contract-copies.test.ts).
import type { DataPage, DataQuery } from '../../src/contract/data.js';
import type { Health, IssuedToken, SignInRequest } from '../../src/contract/session.js';
import type { PullQuery, PullResponse, PushRequest, PushResponse } from '../../src/contract/sync.js';
import type { OpenableWorkspace } from '../../src/contract/workspaces.js';
import type { DataRecord } from '../../src/logic/api.js';
import type { Catalog } from '../../src/model/types.js';
import { request, requestIfChanged } from './api.js';

const path = (...segments: string[]) => segments.map(encodeURIComponent).join('/');

export function health(): Promise<Health> {
  return request<Health>('/health');
}

export function signIn(credentials: SignInRequest): Promise<IssuedToken> {
  return request<IssuedToken>('/auth/token', { method: 'POST', body: credentials });
}

/** The token stops working. */
export function signOut(token: string): Promise<void> {
  return request<void>('/auth/token', { method: 'DELETE', token });
}

/** The workspaces the user may open; undefined while `etag` (the version the device has) is still current. */
export function openableWorkspaces(token: string, etag?: string): Promise<{ body: OpenableWorkspace[]; etag?: string } | undefined> {
  return requestIfChanged<OpenableWorkspace[]>('/me/workspaces', { token, ...(etag ? { etag } : {}) });
}

/** The entity catalog (contract/data.ts CatalogSchema: the model's Catalog). */
export function entityCatalog(token: string): Promise<Catalog> {
  return request<Catalog>('/entities', { token });
}

export function queryRecords(token: string, entity: string, query: DataQuery): Promise<DataPage> {
  return request<DataPage>(`/data/${path(entity)}`, { token, query });
}

export function getRecord(token: string, entity: string, key: string): Promise<DataRecord> {
  return request<DataRecord>(`/data/${path(entity, key)}`, { token });
}

export function pushOperations(token: string, batch: PushRequest): Promise<PushResponse> {
  return request<PushResponse>('/sync/push', { method: 'POST', token, body: batch });
}

export function pullChanges(token: string, query: PullQuery = {}): Promise<PullResponse> {
  return request<PullResponse>('/sync/pull', { token, query });
}
