// What the routes work with: the services, built once per server. Not the store: routes call
// services only.
import type { LoadedCatalog } from '../domain/catalog.js';
import type { AuthService } from '../services/auth.js';
import type { DataService } from '../services/data.js';
import type { HistoryService } from '../services/history.js';
import type { PackageService } from '../services/packages.js';
import type { SyncService } from '../services/sync.js';
import type { TrustService } from '../services/trust.js';
import type { WorkspaceService } from '../services/workspaces.js';

/** At most `max` requests from one address in `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** One sign-in a second on average per address: plenty for people, slow for a guessing script. */
export const defaultSignInRateLimit: RateLimit = { max: 60, windowMs: 60_000 };

export interface ServerContext {
  name: string;
  version: string;
  catalog: LoadedCatalog;
  auth: AuthService;
  data: DataService;
  packages: PackageService;
  workspaces: WorkspaceService;
  trust: TrustService;
  sync: SyncService;
  history: HistoryService;
  /** Largest package upload accepted, in bytes. */
  maxPackageBytes: number;
  /** Sign-ins per address (POST /auth/token), before any password is checked. */
  signInRateLimit: RateLimit;
  /** The built mobile app served at /app/ (default: dist/app of this checkout or package). */
  appDir?: string;
}
