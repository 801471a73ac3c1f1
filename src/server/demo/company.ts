// The demo company: users of every role and consistent business data for every template
// workspace, made from a fixed seed relative to a reference day (so `$today` filters show data).
import { builtInCatalog } from '../domain/catalog.js';
import type { User } from '../domain/users.js';
import { builtInModel } from '../domain/built-in-model.js';
import type { SeedRecord } from '../store/types.js';
import { controlling } from './controlling.js';
import { expenses, itemAvailability, purchaseOrders, salesOrders, timesheets } from './documents.js';
import { contacts, customers, expenseCategories, items, onHand, projects, vendors, warehouses, type Tables } from './master-data.js';
import { demoUsers, demoVendorIds } from './people.js';
import { Calendar, seededRandom } from './random.js';

/** The one password of every demo user; printed by `mwkit env start --demo`. */
export const demoPassword = 'mwkit-demo';
const seed = 20_240_601;

export interface DemoCompany {
  users: User[];
  records: SeedRecord[];
}

export function demoCompany(now: Date): DemoCompany {
  const random = seededRandom(seed);
  const calendar = new Calendar(now);
  const users = demoUsers();
  const tables: Tables = new Map();
  warehouses(tables, users);
  vendors(tables, random);
  customers(tables, users, random);
  items(tables, random);
  onHand(tables, users, random, calendar);
  itemAvailability(tables);
  controlling(tables, users, random, calendar);
  projects(tables, users, random, calendar);
  expenseCategories(tables);
  contacts(tables, users, random, calendar);
  expenses(tables, users, random, calendar);
  purchaseOrders(tables, users, random, calendar, demoVendorIds);
  salesOrders(tables, random, calendar);
  timesheets(tables, users, random, calendar);
  const records: SeedRecord[] = [];
  for (const [entity, rows] of tables) {
    const keyField = keyFieldOf(entity);
    for (const data of rows) records.push({ entity, key: String(data[keyField]), data });
  }
  return { users, records };
}

function keyFieldOf(entity: string): string {
  const definition = builtInCatalog().catalog.entities[entity];
  if (!definition || !builtInModel().rules[entity]) throw new Error(`The demo makes records of ${entity}, which the catalog or the rules lack`);
  return definition.key;
}
