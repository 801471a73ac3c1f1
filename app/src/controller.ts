// The app's state and what changes it: session, workspaces, online/offline, the outbox and
// sync. Screens read the state through useApp() and call these methods; nothing here renders.
import { adoptSharedDeviceId, deviceIdOf, newId, replaceDeviceId, type DeviceIds } from './ids.js';
import type { DataRecord } from '../../src/logic/api.js';
import type { Catalog } from '../../src/model/types.js';
import { ApiError, OfflineError } from './api.js';
import { entityCatalog, health, openableWorkspaces, signIn, signOut } from './client.js';
import { LogicHost } from './logic-host.js';
import { LocalStore } from './local-store.js';
import { keepMine, resend, syncResultOf } from './operations.js';
import { overlay, queryShown, type LocalQuery, type ShownRecord } from './overlay.js';
import { entitiesOf, loadWorkspace } from './snapshots.js';
import { pull, push, type AnsweredOperation } from './sync-engine.js';
import { isUnchanged, updateNotice, workspaceChanges } from './workspace-changes.js';
import type { LocalOperation, PublishedWorkspace, Session } from './types.js';

export interface Notice {
  id: number;
  text: string;
  severity: 'info' | 'warning' | 'error';
}

export interface AppState {
  isReady: boolean;
  session?: Session;
  /** The token expired with changes still to send: they wait for the next sign-in. */
  isSessionExpired: boolean;
  isOnline: boolean;
  workspaces: PublishedWorkspace[];
  catalog?: Catalog;
  /** The signed-in user's outbox, oldest first. */
  operations: LocalOperation[];
  isSyncing: boolean;
  lastSyncAt?: string;
  syncError?: string;
  notices: Notice[];
  /** Bumped whenever local records change, so shown queries run again. */
  dataVersion: number;
}

/** The content-hashed files the logic Worker needs (named in index.html). */
export interface AppUrls {
  worker: string;
  engine: string;
}

export const syncIntervalMs = 30_000;
export const probeIntervalMs = 3000;
/** How often an open app asks whether its workspaces changed (on the probe's ticks: every 6 s). */
export const updateCheckMs = 4000;
const refreshAfterMs = 5 * 60_000;

export class AppController {
  state: AppState = { isReady: false, isSessionExpired: false, isOnline: navigator.onLine, workspaces: [], operations: [], isSyncing: false, notices: [], dataVersion: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly hosts = new Map<string, LogicHost>();
  private syncing?: Promise<void>;
  private syncAgain?: { refresh?: boolean; manual?: boolean };
  private lastRefresh = 0;
  private nextNoticeId = 1;
  /** The signed-in user's device id on this browser ('' when nobody is signed in). */
  deviceId = '';

  constructor(
    readonly store: LocalStore,
    readonly urls: AppUrls,
  ) {}

  static async start(urls: AppUrls): Promise<AppController> {
    const app = new AppController(await LocalStore.open(), urls);
    await app.restore();
    return app;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Picks (and keeps) the device id `userId` syncs under on this browser. */
  private async useDeviceOf(userId: string, refused = false): Promise<void> {
    let known = adoptSharedDeviceId((await this.store.getMeta<DeviceIds>('deviceIds')) ?? {}, await this.store.getMeta<string>('deviceId'), await this.store.getMeta<string>('userId'));
    if (refused) known = replaceDeviceId(known, userId);
    const chosen = deviceIdOf(known, userId);
    await this.store.setMeta('deviceIds', chosen.known);
    await this.store.setMeta('deviceId', undefined);
    this.deviceId = chosen.deviceId;
  }

  private async restore(): Promise<void> {
    const session = await this.store.getMeta<Session>('session');
    if (session) await this.useDeviceOf(session.user.id);
    const [workspaces, catalog, lastSyncAt] = await Promise.all([
      this.store.getAll<PublishedWorkspace>('workspaces'),
      this.store.getMeta<Catalog>('catalog'),
      this.store.getMeta<string>('lastSyncAt'),
    ]);
    this.store.subscribe((topic) => {
      if (topic === 'records') this.set({ dataVersion: this.state.dataVersion + 1 });
      if (topic === 'outbox') void this.loadOperations();
    });
    this.set({ isReady: true, workspaces, ...(session ? { session } : {}), ...(catalog ? { catalog } : {}), ...(lastSyncAt ? { lastSyncAt } : {}) });
    await this.loadOperations();
    window.addEventListener('online', () => {
      this.set({ isOnline: true });
      void this.sync();
    });
    window.addEventListener('offline', () => this.set({ isOnline: false }));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.sync().then(() => this.checkForUpdates());
    });
    // The online event is a hint, not a promise (captive portals, a lost event): while offline,
    // ask the environment itself every few seconds; while online, sync on the interval.
    setInterval(() => void this.tick(), probeIntervalMs);
    if (session) void this.sync({ refresh: true });
    void this.revokeEndedTokens();
  }

  private lastSyncAttempt = 0;
  private lastUpdateCheck = 0;
  /** The ETag of the workspaces on this device (in memory: a new sign-in or start loads them whole). */
  private workspacesEtag?: string;

  private async tick(): Promise<void> {
    if (document.visibilityState === 'hidden') return;
    if (!this.state.session) {
      void this.revokeEndedTokens();
      return;
    }
    if (this.state.isOnline) {
      if (Date.now() - this.lastSyncAttempt >= syncIntervalMs) void this.sync();
      else if (Date.now() - this.lastUpdateCheck >= updateCheckMs) void this.checkForUpdates();
      return;
    }
    try {
      await health();
      this.set({ isOnline: true });
      void this.sync();
    } catch {
      // still offline (or answering with a problem: not yet usable)
    }
  }

  private async loadOperations(): Promise<void> {
    const userId = this.state.session?.user.id;
    const operations = (await this.store.operations()).filter((o) => o.userId === userId);
    this.set({ operations, dataVersion: this.state.dataVersion + 1 });
  }

  /** One notice at a time (the newest): a pile of them would hide the screen on a phone. */
  notify(text: string, severity: Notice['severity'] = 'info'): void {
    const notice = { id: this.nextNoticeId++, text, severity };
    this.set({ notices: [notice] });
    setTimeout(() => this.dismiss(notice.id), severity === 'error' ? 10_000 : 5000);
  }

  dismiss(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  /** Notes whether the environment answered; an answer of any kind means the network is there. */
  private async online<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      if (!this.state.isOnline) this.set({ isOnline: true });
      return result;
    } catch (error) {
      if (error instanceof OfflineError) this.set({ isOnline: false });
      else if (error instanceof ApiError && !this.state.isOnline) this.set({ isOnline: true });
      if (error instanceof ApiError && error.status === 401 && this.state.session) this.set({ isSessionExpired: true });
      throw error;
    }
  }

  async signIn(username: string, password: string): Promise<void> {
    const answer = await this.online(() => signIn({ username, password }));
    const previous = await this.store.getMeta<string>('userId');
    // Before 'userId' changes: the old shared id (if any) goes to the user who used it.
    await this.useDeviceOf(answer.user.id);
    if (previous !== answer.user.id) {
      await this.store.clearUserData();
      this.workspacesEtag = undefined;
      this.set({ workspaces: [], operations: [] });
      this.hosts.forEach((host) => host.stop());
      this.hosts.clear();
      delete this.state.catalog;
    }
    const session: Session = { token: answer.token, expiresAt: answer.expiresAt, user: answer.user };
    await this.store.setMeta('userId', answer.user.id);
    await this.store.setMeta('session', session);
    this.set({ session, isSessionExpired: false });
    void this.revokeEndedTokens();
    await this.loadOperations();
    await this.refreshDefinitions();
    void this.sync({ refresh: true });
  }

  /**
   * Ends the session on this device: the token is revoked (now, or at the next contact when
   * offline), and the user's records, workspaces, catalog and drafts are erased. The outbox
   * stays: unsent changes wait for this user's next sign-in and are never sent as anyone else.
   */
  async signOut(): Promise<void> {
    const session = this.state.session;
    await this.store.setMeta('session', undefined);
    this.hosts.forEach((host) => host.stop());
    this.hosts.clear();
    const { session: _signedOut, ...signedOut } = this.state;
    this.state = signedOut as AppState; // no new sync round starts from here
    await this.syncing?.catch(() => undefined); // a round in flight would write records after the erase
    await this.store.clearUserData();
    await this.store.setMeta('lastSyncAt', undefined);
    const { catalog: _catalog, lastSyncAt: _synced, ...rest } = this.state;
    this.state = rest as AppState;
    this.workspacesEtag = undefined;
    this.set({ operations: [], workspaces: [], isSessionExpired: false });
    if (session) await this.revokeEndedTokens(session.token);
  }

  private revocations: Promise<void> = Promise.resolve();

  /**
   * Revokes `ended` and the tokens of earlier sign-outs made offline; each is forgotten once the
   * server has it (or refuses it). One at a time, so no token added meanwhile is dropped.
   */
  private revokeEndedTokens(ended?: string): Promise<void> {
    const run = () => this.revokeNow(ended);
    this.revocations = this.revocations.then(run, run);
    return this.revocations;
  }

  private async revokeNow(ended?: string): Promise<void> {
    const known = (await this.store.getMeta<string[]>('revokeTokens')) ?? [];
    const tokens = ended ? [...known, ended] : known;
    if (ended) await this.store.setMeta('revokeTokens', tokens); // kept before the network is tried
    if (tokens.length === 0) return;
    const left: string[] = [];
    for (const token of tokens) {
      try {
        await signOut(token);
      } catch (error) {
        if (!(error instanceof ApiError)) left.push(token); // offline: at the next contact (a 401: already gone)
      }
    }
    await this.store.setMeta('revokeTokens', left.length > 0 ? left : undefined);
  }

  /** Sends what the user has queued, then signs out if nothing is left; says how many are left. */
  async syncAndSignOut(): Promise<number> {
    await this.sync({ manual: true });
    const left = this.state.operations.filter((o) => o.status === 'pending').length;
    if (left === 0) await this.signOut();
    return left;
  }

  /** The published workspaces and the catalog, kept for offline use. */
  async refreshDefinitions(): Promise<void> {
    const session = this.state.session;
    if (!session) return;
    const [answer, catalog] = await this.online(() => Promise.all([openableWorkspaces(session.token, this.workspacesEtag), entityCatalog(session.token)]));
    await this.store.setMeta('catalog', catalog);
    this.set({ catalog });
    if (answer) await this.takeWorkspaces(answer);
  }

  /**
   * Asks whether anything the user may open changed (a 304 costs the environment one digest):
   * a publish, apply or rollback reaches an open app within seconds, says so, and its page data
   * is loaded again.
   */
  private async checkForUpdates(): Promise<void> {
    const session = this.state.session;
    if (!session || this.syncing || this.state.isSessionExpired) return;
    this.lastUpdateCheck = Date.now();
    const answer = await this.online(() => openableWorkspaces(session.token, this.workspacesEtag)).catch(() => undefined);
    if (answer && this.state.session === session && (await this.takeWorkspaces(answer))) void this.sync({ refresh: true });
  }

  /** Keeps a fresh list of workspaces; stops the logic of those whose content changed. True when anything did. */
  private async takeWorkspaces(answer: { body: PublishedWorkspace[]; etag?: string }): Promise<boolean> {
    const before = this.state.workspaces;
    const changes = workspaceChanges(before, answer.body);
    this.workspacesEtag = answer.etag;
    if (isUnchanged(before, changes)) return false;
    await this.store.replaceWorkspaces(changes.workspaces);
    for (const id of changes.replaced) {
      this.hosts.get(id)?.stop();
      this.hosts.delete(id);
    }
    this.set({ workspaces: changes.workspaces });
    const notice = updateNotice(changes, before);
    if (notice) this.notify(notice);
    return true;
  }

  /** Push, pull and (now and then, or when asked) reload definitions and page data. */
  sync(options: { refresh?: boolean; manual?: boolean } = {}): Promise<void> {
    if (this.syncing) {
      // Asked during a round: run another, keeping what was asked (a refresh asked for by a new
      // package must not shrink to a plain sync, or the app keeps the old definitions).
      this.syncAgain = { refresh: this.syncAgain?.refresh || options.refresh, manual: this.syncAgain?.manual || options.manual };
      // A round busy loading page data must not hold back a change the user just made.
      if (this.isLoadingPages) void this.pushAlone();
      return this.syncing;
    }
    this.syncing = this.syncRound(options).finally(() => {
      this.syncing = undefined;
      const again = this.syncAgain;
      if (again) {
        this.syncAgain = undefined;
        void this.sync(again);
      }
    });
    return this.syncing;
  }

  private isLoadingPages = false;
  private pushing?: Promise<void>;

  /** Pushes the outbox on its own, while a round loads page data (one push at a time). */
  private pushAlone(): Promise<void> {
    const session = this.state.session;
    const catalog = this.state.catalog;
    if (this.pushing || !session || !catalog || this.state.isSessionExpired) return this.pushing ?? Promise.resolve();
    const input = { store: this.store, session, deviceId: this.deviceId, catalog, entities: [] };
    this.pushing = this.online(() => push(input))
      .then(
        (answered) => this.report(answered),
        () => undefined,
      ) // a failure waits for the round after this one
      .finally(() => {
        this.pushing = undefined;
      });
    return this.pushing;
  }

  private async syncRound(options: { refresh?: boolean; manual?: boolean }): Promise<void> {
    const session = this.state.session;
    if (!session || this.state.isSessionExpired) return;
    this.lastSyncAttempt = Date.now();
    this.set({ isSyncing: true });
    try {
      const isRefreshDue = options.refresh || options.manual || Date.now() - this.lastRefresh > refreshAfterMs;
      if (isRefreshDue || !this.state.catalog) await this.refreshDefinitions();
      const catalog = this.state.catalog!;
      const entities = [...new Set(this.state.workspaces.flatMap((w) => entitiesOf(w.definition)))].filter((e) => catalog.entities[e]);
      const input = { store: this.store, session, deviceId: this.deviceId, catalog, entities };
      // Each step on its own: a failing pull must not keep the pages from loading, nor the reverse.
      const failures: unknown[] = [];
      const step = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await this.online(work);
        } catch (error) {
          if (error instanceof OfflineError || (error instanceof ApiError && error.status === 401)) throw error;
          failures.push(error);
          return undefined;
        }
      };
      const answered = (await step(() => push(input).catch((error: unknown) => this.deviceRefused(error, session.user.id)))) ?? [];
      await step(() => pull(input));
      if (isRefreshDue) {
        this.lastRefresh = Date.now();
        this.isLoadingPages = true;
        try {
          for (const workspace of this.state.workspaces) await step(() => loadWorkspace(input, workspace.definition));
        } finally {
          this.isLoadingPages = false;
        }
        await this.pushing;
      }
      this.report(answered);
      if (failures.length > 0) throw failures[0];
      const lastSyncAt = new Date().toISOString();
      await this.store.setMeta('lastSyncAt', lastSyncAt);
      this.set({ lastSyncAt, syncError: undefined });
    } catch (error) {
      const message = error instanceof OfflineError ? undefined : error instanceof Error ? error.message : String(error);
      this.set({ syncError: message });
      if (options.manual)
        this.notify(
          error instanceof OfflineError ? 'You are offline: your changes are kept on this device and sent when you are back online.' : `Sync failed: ${message}`,
          error instanceof OfflineError ? 'warning' : 'error',
        );
    } finally {
      this.set({ isSyncing: false });
    }
  }

  /**
   * The environment refused this device id as another user's (an id from before ids were per
   * user, shared on this browser): this user gets a new one, used from the next round on.
   */
  private async deviceRefused(error: unknown, userId: string): Promise<never> {
    if (error instanceof ApiError && error.status === 403 && error.problem.title === "Another user's device") await this.useDeviceOf(userId, true);
    throw error;
  }

  /** Lets each workspace's logic react to what came back (onSyncResult); the banner shows what needs attention. */
  private report(answered: AnsweredOperation[]): void {
    for (const { operation, result } of answered) {
      const host = this.logic(operation.workspaceId);
      host
        ?.load()
        .then(() => (host.has('onSyncResult') ? host.syncResult(this.state.isOnline, syncResultOf(operation, result)) : undefined))
        .then(
          (answer) => answer?.messages.forEach((m) => this.notify(m.text, m.severity)),
          () => undefined,
        );
    }
  }

  /** Queues a change: on disk first, then shown at once, then sent when there is a network. */
  async enqueue(operation: LocalOperation): Promise<void> {
    await this.store.addOperation(operation);
    if (this.state.isOnline) setTimeout(() => void this.sync(), 50);
  }

  private operation(seq: number): LocalOperation | undefined {
    return this.state.operations.find((o) => o.seq === seq);
  }

  async keepMine(seq: number): Promise<void> {
    const operation = this.operation(seq);
    if (operation) await this.store.updateOperations([keepMine(operation, newId())]);
    void this.sync();
  }

  async discard(seq: number): Promise<void> {
    await this.store.updateOperations([], [seq]);
  }

  async resend(seq: number, values?: DataRecord): Promise<void> {
    const operation = this.operation(seq);
    if (!operation) return;
    const record = operation.key ? (await this.store.records(operation.entity)).get(operation.key) : undefined;
    await this.store.updateOperations([resend(operation, newId(), values, record)]);
    void this.sync();
  }

  keyField(entity: string): string {
    return this.state.catalog?.entities[entity]?.key ?? 'id';
  }

  /** The records of an entity as the device shows them: synced ones with pending changes on top. */
  async shown(entity: string): Promise<Map<string, ShownRecord>> {
    return overlay(entity, this.keyField(entity), await this.store.records(entity), this.state.operations);
  }

  async query(entity: string, query: LocalQuery): Promise<ShownRecord[]> {
    return queryShown((await this.shown(entity)).values(), query);
  }

  /** The workspace's logic Worker (started on first use). */
  logic(workspaceId: string): LogicHost | undefined {
    const existing = this.hosts.get(workspaceId);
    if (existing) return existing;
    const workspace = this.state.workspaces.find((w) => w.id === workspaceId);
    const { session, catalog } = this.state;
    if (!workspace || !session || !catalog) return undefined;
    const host = new LogicHost({
      workerUrl: this.urls.worker,
      engineUrl: this.urls.engine,
      workspace: workspace.definition,
      catalog,
      logic: workspace.logic,
      user: { id: session.user.id, name: session.user.name, roles: session.user.roles, attributes: session.user.attributes },
      answer: async (entity, filter, options) => {
        const records = await this.query(entity, { filter, ...(options.sort ? { sort: options.sort } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}) });
        return records.map(({ _pending, _local, ...record }) => record);
      },
    });
    this.hosts.set(workspaceId, host);
    return host;
  }

  /** Runs a request to the environment on behalf of a screen (search, load more, one record). */
  call<T>(work: (session: Session, catalog: Catalog) => Promise<T>): Promise<T> {
    const { session, catalog } = this.state;
    if (!session || !catalog) return Promise.reject(new OfflineError('Not signed in.'));
    return this.online(() => work(session, catalog));
  }
}
