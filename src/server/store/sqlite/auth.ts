// Users, tokens, trusted keys and settings in SQLite.
import type { Attribution, ServiceToken, Session, TokenKind, TrustedKey, UserAccount } from '../types.js';
import type { Connection } from './database.js';
import { insertHistory } from './history.js';

interface UserRow {
  id: string;
  name: string;
  password_hash: string | null;
  roles: string;
  attributes: string;
  is_admin: number;
}

function toAccount(row: UserRow): UserAccount {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    roles: JSON.parse(row.roles) as string[],
    attributes: JSON.parse(row.attributes) as UserAccount['attributes'],
    isAdmin: row.is_admin === 1,
  };
}

export function findUser(c: Connection, id: string): UserAccount | undefined {
  const row = c.statement('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? toAccount(row) : undefined;
}

export function listUsers(c: Connection): UserAccount[] {
  return (c.statement('SELECT * FROM users ORDER BY is_admin DESC, id').all() as UserRow[]).map(toAccount);
}

export function insertUsers(c: Connection, users: readonly UserAccount[]): void {
  const insert = c.statement('INSERT INTO users (id, name, password_hash, roles, attributes, is_admin) VALUES (?, ?, ?, ?, ?, ?)');
  for (const user of users) insert.run(user.id, user.name, user.passwordHash, JSON.stringify(user.roles), JSON.stringify(user.attributes), user.isAdmin ? 1 : 0);
}

export function insertToken(c: Connection, token: { hash: string; userId: string; kind: TokenKind; createdAt: string; expiresAt: string }): void {
  c.statement('INSERT INTO tokens (hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(token.hash, token.userId, token.kind, token.createdAt, token.expiresAt);
}

export function findSession(c: Connection, hash: string, now: string): Session | undefined {
  const row = c.statement('SELECT u.*, t.kind AS token_kind, t.expires_at, t.name AS token_name FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.expires_at > ?').get(hash, now) as
    | (UserRow & { token_kind: TokenKind; expires_at: string; token_name: string | null })
    | undefined;
  if (!row) return undefined;
  const { passwordHash: _hash, ...user } = toAccount(row);
  return { user, kind: row.token_kind, expiresAt: row.expires_at, ...(row.token_name !== null ? { name: row.token_name } : {}) };
}

export function deleteToken(c: Connection, hash: string): void {
  c.statement('DELETE FROM tokens WHERE hash = ?').run(hash);
}

export function deleteTokens(c: Connection, userId: string, kind: TokenKind): void {
  c.statement('DELETE FROM tokens WHERE user_id = ? AND kind = ?').run(userId, kind);
}

export function createServiceToken(c: Connection, token: { hash: string; name: string; userId: string; expiresAt: string }, change: Attribution): boolean {
  return c.db
    .transaction(() => {
      if (c.statement("SELECT 1 FROM tokens WHERE kind = 'service' AND name = ?").get(token.name)) return false;
      c.statement("INSERT INTO tokens (hash, user_id, kind, created_at, expires_at, name, created_by) VALUES (?, ?, 'service', ?, ?, ?, ?)").run(
        token.hash,
        token.userId,
        change.at,
        token.expiresAt,
        token.name,
        change.actor,
      );
      insertHistory(c, { ...change, action: 'token-create', token: token.name });
      return true;
    })
    .immediate();
}

export function listServiceTokens(c: Connection): ServiceToken[] {
  const rows = c.statement("SELECT name, created_at, created_by, expires_at FROM tokens WHERE kind = 'service' ORDER BY name").all() as Array<{
    name: string;
    created_at: string;
    created_by: string | null;
    expires_at: string;
  }>;
  return rows.map((row) => ({ name: row.name, role: 'admin', createdAt: row.created_at, createdBy: row.created_by ?? '', expiresAt: row.expires_at }));
}

export function revokeServiceToken(c: Connection, name: string, change: Attribution): boolean {
  return c.db
    .transaction(() => {
      const removed = c.statement("DELETE FROM tokens WHERE kind = 'service' AND name = ?").run(name).changes > 0;
      if (removed) insertHistory(c, { ...change, action: 'token-revoke', token: name });
      return removed;
    })
    .immediate();
}

export function getMeta(c: Connection, key: string): string | undefined {
  return (c.statement('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(c: Connection, key: string, value: string): void {
  c.statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

interface KeyRow {
  fingerprint: string;
  public_key: string;
  added_at: string;
  added_by: string;
}

function toKey(row: KeyRow): TrustedKey {
  return { fingerprint: row.fingerprint, publicKey: row.public_key, addedAt: row.added_at, addedBy: row.added_by };
}

export function listTrustedKeys(c: Connection): TrustedKey[] {
  return (c.statement('SELECT * FROM trusted_keys ORDER BY added_at, fingerprint').all() as KeyRow[]).map(toKey);
}

export function addTrustedKey(c: Connection, key: { fingerprint: string; publicKey: string }, change: Attribution): TrustedKey {
  return c.db
    .transaction(() => {
      const existing = c.statement('SELECT * FROM trusted_keys WHERE fingerprint = ?').get(key.fingerprint) as KeyRow | undefined;
      if (existing) return toKey(existing);
      c.statement('INSERT INTO trusted_keys (fingerprint, public_key, added_at, added_by) VALUES (?, ?, ?, ?)').run(key.fingerprint, key.publicKey, change.at, change.actor);
      insertHistory(c, { ...change, action: 'trust-add', keyFingerprint: key.fingerprint });
      return { fingerprint: key.fingerprint, publicKey: key.publicKey, addedAt: change.at, addedBy: change.actor };
    })
    .immediate();
}

export function removeTrustedKey(c: Connection, fingerprint: string, change: Attribution): boolean {
  return c.db
    .transaction(() => {
      const removed = c.statement('DELETE FROM trusted_keys WHERE fingerprint = ?').run(fingerprint).changes > 0;
      if (removed) insertHistory(c, { ...change, action: 'trust-remove', keyFingerprint: fingerprint });
      return removed;
    })
    .immediate();
}
