// What the routes work with: the services, built once per server.
import type { LoadedCatalog } from '../domain/catalog.js';
import type { AuthService } from '../services/auth.js';
import type { DataService } from '../services/data.js';
import type { PackageService } from '../services/packages.js';
import type { TrustService } from '../services/trust.js';
import type { WorkspaceService } from '../services/workspaces.js';
import type { Store } from '../store/types.js';

export interface ServerContext {
  name: string;
  version: string;
  catalog: LoadedCatalog;
  store: Store;
  auth: AuthService;
  data: DataService;
  packages: PackageService;
  workspaces: WorkspaceService;
  trust: TrustService;
  /** Largest package upload accepted, in bytes. */
  maxPackageBytes: number;
  /** The built mobile app served at /app/ (default: dist/app of this checkout or package). */
  appDir?: string;
}
