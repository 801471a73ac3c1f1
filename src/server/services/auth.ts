// Signing in and resolving bearer tokens. Failed attempts per name and address are slowed down
// (domain/backoff.ts); sessions are cached briefly so a busy client does not hit the database
// for every request, and a signed-out token is dropped from the cache at once.
import { recordFailure, waitBeforeAttempt, type AttemptState } from '../domain/backoff.js';
import type { User } from '../domain/users.js';
import type { Session, Store, TokenKind } from '../store/types.js';
import { ServiceError } from './errors.js';
import { decoyHash, newToken, tokenHash, verifyPassword } from './secrets.js';

export const tokenLifetimeMs: Record<TokenKind, number> = { user: 12 * 60 * 60 * 1000, cli: 30 * 24 * 60 * 60 * 1000 };
const sessionCacheMs = 10_000;
const maxCachedSessions = 10_000;

export interface IssuedToken {
  token: string;
  expiresAt: string;
  user: User;
}

export class AuthService {
  private readonly attempts = new Map<string, AttemptState>();
  private readonly sessions = new Map<string, { session: Session; until: number }>();

  constructor(private readonly store: Store, private readonly clock: () => Date) {}

  async signIn(username: string, password: string, address: string): Promise<IssuedToken> {
    const now = this.clock().getTime();
    const attemptKey = `${username.toLowerCase()}\u0000${address}`;
    const wait = waitBeforeAttempt(this.attempts.get(attemptKey), now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ServiceError('too-many-attempts', 'Too many failed sign-ins', `Too many failed sign-ins for ${username}; try again in ${seconds} s.`, {}, { 'retry-after': String(seconds) });
    }
    const account = await this.store.findUser(username);
    const isValid = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !account.passwordHash || !isValid) {
      this.attempts.set(attemptKey, recordFailure(this.attempts.get(attemptKey), now));
      throw new ServiceError('unauthorized', 'Sign-in failed', 'Unknown user name or wrong password.');
    }
    this.attempts.delete(attemptKey);
    const { passwordHash: _hash, ...user } = account;
    return this.issue(user, 'user');
  }

  /** A new token for `user`; a CLI token replaces the user's earlier CLI tokens. */
  async issue(user: User, kind: TokenKind): Promise<IssuedToken> {
    const now = this.clock();
    if (kind === 'cli') await this.store.deleteTokens(user.id, 'cli');
    const token = newToken();
    const expiresAt = new Date(now.getTime() + tokenLifetimeMs[kind]).toISOString();
    await this.store.insertToken({ hash: tokenHash(token), userId: user.id, kind, createdAt: now.toISOString(), expiresAt });
    return { token, expiresAt, user };
  }

  async session(token: string): Promise<Session | undefined> {
    const now = this.clock();
    // Keyed by the token itself (it is in this process's memory anyway): no hashing per request.
    const cached = this.sessions.get(token);
    if (cached && cached.until > now.getTime() && cached.session.expiresAt > now.toISOString()) return cached.session;
    const session = await this.store.findSession(tokenHash(token), now.toISOString());
    if (this.sessions.size >= maxCachedSessions) this.sessions.clear();
    if (session) this.sessions.set(token, { session, until: now.getTime() + sessionCacheMs });
    else this.sessions.delete(token);
    return session;
  }

  async signOut(token: string): Promise<void> {
    this.sessions.delete(token);
    await this.store.deleteToken(tokenHash(token));
  }
}
