// Every store an environment can run on, for the tests that must hold for each of them (the
// guard tests of the store's unit of work). The PostgreSQL store joins this list.
import { builtInCatalog, indexedFields } from '../../src/server/domain/catalog.js';
import { openSqliteStore } from '../../src/server/store/sqlite/index.js';
import type { Store } from '../../src/server/store/types.js';

export interface StoreFactory {
  name: string;
  /** Opens (creating when new) the store that keeps its data in `dataDir`. */
  open(dataDir: string): Store;
}

const catalog = builtInCatalog().catalog;

export const storeFactories: StoreFactory[] = [{ name: 'sqlite', open: (dataDir) => openSqliteStore({ dataDir, indexedFields: indexedFields(catalog) }) }];
