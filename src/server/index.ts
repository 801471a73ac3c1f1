// The environment server: `createServer` takes an opened store (`openEnvironmentStore` opens
// the embedded SQLite one of a data folder), seeds it, starts the HTTP API and returns where it
// listens and how to stop it. The server owns the store from then on: it closes it.
import { toolVersion } from '../version.js';
import { builtInModel } from './domain/built-in-model.js';
import { builtInCatalog, indexedFields } from './domain/catalog.js';
import { buildApp, apiPrefix, type LogLine } from './http/app.js';
import type { ServerLimits } from './http/limits.js';
import { defaultSignInRateLimit, type RateLimit, type ServerContext } from './http/context.js';
import { seedEnvironment, type SeedSummary } from './seed.js';
import { AuthService, type AuthLimits } from './services/auth.js';
import { DataService } from './services/data.js';
import { HistoryService } from './services/history.js';
import { warmUpChecks } from './services/package-check.js';
import { PackageService } from './services/packages.js';
import { SyncService } from './services/sync.js';
import { TrustService } from './services/trust.js';
import { WorkspaceService } from './services/workspaces.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { PackageHooks } from './store/sqlite/packages.js';
import type { Store } from './store/types.js';

export const defaultMaxPackageBytes = 64 * 1024 * 1024;

/** The SQLite store of the environment kept in `dataDir` (created when new): env start, preview, tests, benches. */
export function openEnvironmentStore(dataDir: string, options: { hooks?: PackageHooks } = {}): Store {
  return openSqliteStore({ dataDir, indexedFields: indexedFields(builtInCatalog().catalog), ...(options.hooks ? { hooks: options.hooks } : {}) });
}

export interface ServerOptions {
  /** Where the environment keeps its data (openEnvironmentStore); closed with the server, or when it fails to start. */
  store: Store;
  /** Seed the demo company into a new data folder. */
  demo?: boolean;
  host?: string;
  /** 0 (the default here) picks a free port. */
  port?: number;
  /** Request log lines: true for stderr, a function to collect them, false/undefined for none. */
  logger?: boolean | LogLine;
  /** The environment's clock (tests and deterministic demo data). */
  now?: () => Date;
  maxPackageBytes?: number;
  /** Timeouts and connection caps (http/limits.ts); tests shorten them. */
  limits?: Partial<ServerLimits>;
  /** Sign-ins per address and window (default 60 a minute), password checks at once, attempt memory. */
  signIn?: AuthLimits & { perAddress?: RateLimit };
}

export interface RunningServer {
  /** http://host:port */
  url: string;
  apiUrl: string;
  /** A fresh admin token for the CLI (earlier CLI tokens stop working). */
  adminToken: string;
  seed: SeedSummary;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const clock = options.now ?? (() => new Date());
  const catalog = builtInCatalog();
  const model = builtInModel();
  const { store } = options;
  if (!store) throw new TypeError('createServer needs options.store (openEnvironmentStore(dataDir) opens the embedded one).');
  try {
    const seed = await seedEnvironment(store, { demo: options.demo ?? false, now: clock() });
    const auth = new AuthService(store, clock, options.signIn);
    const context: ServerContext = {
      name: 'mwkit environment',
      version: toolVersion(),
      catalog,
      auth,
      data: new DataService(store, model, clock),
      packages: new PackageService(store, catalog.catalog, clock),
      workspaces: new WorkspaceService(store, clock),
      trust: new TrustService(store, clock),
      sync: new SyncService(store, model, clock),
      history: new HistoryService(store),
      maxPackageBytes: options.maxPackageBytes ?? defaultMaxPackageBytes,
      signInRateLimit: options.signIn?.perAddress ?? defaultSignInRateLimit,
    };
    const log = options.logger === true ? (line: string) => process.stderr.write(`${line}\n`) : options.logger || undefined;
    const app = await buildApp(context, { log, limits: options.limits });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    // In the background once listening: the first apply then runs at full speed.
    setImmediate(() => warmUpChecks(catalog.catalog));
    const admin = await store.findUser(seed.adminId);
    const { token } = await auth.issue({ id: admin!.id, name: admin!.name, roles: admin!.roles, attributes: admin!.attributes, isAdmin: true }, 'cli');
    let closing: Promise<void> | undefined;
    return {
      url,
      apiUrl: `${url}${apiPrefix}`,
      adminToken: token,
      seed,
      close: () => (closing ??= app.close().then(() => store.close())),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
