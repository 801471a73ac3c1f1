// Signing in and resolving bearer tokens. Failed attempts per name and address are slowed down
// (domain/backoff.ts), reserved before the password is checked; password checks run through a
// bounded gate (work-gate.ts). Sessions are cached briefly so a busy client does not hit the
// database for every request, and a signed-out token is dropped from the cache at once.
import { SignInAttempts, type AttemptLimits } from '../domain/backoff.js';
import type { CreatedServiceToken, IssuedToken } from '../../contract/session.js';
import type { User } from '../domain/users.js';
import { defaultServiceTokenDays, parseLifetime, serviceTokenActor, serviceTokenNameProblem } from '../domain/service-tokens.js';
import type { ServiceToken, Session, Store, TokenKind, UserAccount } from '../store/types.js';
import { ServiceError } from './errors.js';
import { decoyHash, newToken, tokenHash, verifyPassword } from './secrets.js';
import { WorkGate, type GateLimits } from './work-gate.js';

export const tokenLifetimeMs: Record<TokenKind, number> = { user: 12 * 60 * 60 * 1000, cli: 30 * 24 * 60 * 60 * 1000, service: defaultServiceTokenDays * 24 * 60 * 60 * 1000 };
const sessionCacheMs = 10_000;
const maxCachedSessions = 10_000;

export interface AuthLimits {
  attempts?: AttemptLimits;
  /** Password checks (scrypt) running at once, and waiting; 2 and 32 by default. */
  checks?: GateLimits;
}

export class AuthService {
  private readonly attempts: SignInAttempts;
  private readonly checks: WorkGate;
  private readonly sessions = new Map<string, { session: Session; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    limits: AuthLimits = {},
  ) {
    this.attempts = new SignInAttempts(limits.attempts);
    this.checks = new WorkGate(limits.checks ?? { maxRunning: 2, maxWaiting: 32 });
  }

  async signIn(username: string, password: string, address: string): Promise<IssuedToken> {
    const attemptKey = `${username.toLowerCase()}\u0000${address}`;
    // Synchronous up to the reservation: no other sign-in for this key can interleave.
    const reservation = this.attempts.reserve(attemptKey, this.clock().getTime());
    if (!reservation.ok) {
      const seconds = Math.ceil(reservation.waitMs / 1000);
      throw new ServiceError('too-many-attempts', 'Too many failed sign-ins', `Too many sign-ins for ${username}; try again in ${seconds} s.`, {}, { 'retry-after': String(seconds) });
    }
    let account: UserAccount | undefined;
    let isValid: boolean;
    try {
      account = await this.store.findUser(username);
      const hash = account?.passwordHash ?? (await decoyHash());
      isValid = await this.checks.run(() => verifyPassword(password, hash));
    } catch (error) {
      this.attempts.withdraw(attemptKey, reservation.previous);
      throw error;
    }
    if (!account || !account.passwordHash || !isValid) {
      this.attempts.failed(attemptKey);
      throw new ServiceError('unauthorized', 'Sign-in failed', 'Unknown user name or wrong password.');
    }
    this.attempts.succeeded(attemptKey);
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
    const found = await this.store.findSession(tokenHash(token), now.toISOString());
    // A service token acts as itself: history records "token:ci", not the admin who made it.
    const session =
      found?.kind === 'service' && found.name ? { ...found, user: { id: serviceTokenActor(found.name), name: `${found.name} (service token)`, roles: [], attributes: {}, isAdmin: true } } : found;
    if (this.sessions.size >= maxCachedSessions) this.sessions.clear();
    if (session) this.sessions.set(token, { session, until: now.getTime() + sessionCacheMs });
    else this.sessions.delete(token);
    return session;
  }

  /** A new service token, shown this once; `expires` like "90d" (default 90 days). */
  async createServiceToken(name: string, expires: string | undefined, actor: string): Promise<CreatedServiceToken> {
    const nameProblem = serviceTokenNameProblem(name);
    if (nameProblem) throw new ServiceError('invalid-request', 'Bad token name', nameProblem, { errors: [{ pointer: '/name', message: nameProblem }] });
    const lifetime = expires === undefined ? tokenLifetimeMs.service : parseLifetime(expires);
    if (lifetime === undefined) {
      const detail = `"${expires}" is not a lifetime: give hours, days or weeks such as 48h, 90d or 12w, at most 730d.`;
      throw new ServiceError('invalid-request', 'Bad token lifetime', detail, { errors: [{ pointer: '/expires', message: detail }] });
    }
    const owner = (await this.store.listUsers()).find((user) => user.isAdmin);
    if (!owner) throw new ServiceError('conflict', 'No admin', 'This environment has no admin account to hold service tokens.');
    const now = this.clock();
    const token = newToken();
    const entry = { name, role: 'admin' as const, createdAt: now.toISOString(), createdBy: actor, expiresAt: new Date(now.getTime() + lifetime).toISOString() };
    const created = await this.store.createServiceToken({ hash: tokenHash(token), name, userId: owner.id, expiresAt: entry.expiresAt }, { actor, at: entry.createdAt });
    if (!created) throw new ServiceError('conflict', 'Token name taken', `A service token named ${name} exists: revoke it first (mwkit env token revoke ${name}) or choose another name.`);
    return { token, ...entry };
  }

  listServiceTokens(): Promise<ServiceToken[]> {
    return this.store.listServiceTokens();
  }

  async revokeServiceToken(name: string, actor: string): Promise<void> {
    const removed = await this.store.revokeServiceToken(name, { actor, at: this.clock().toISOString() });
    if (!removed) throw new ServiceError('not-found', 'No such token', `There is no service token named ${name}; mwkit env token list shows them.`);
    this.sessions.clear(); // it stops working at once, not when its cached session expires
  }

  async signOut(token: string): Promise<void> {
    this.sessions.delete(token);
    await this.store.deleteToken(tokenHash(token));
  }
}
