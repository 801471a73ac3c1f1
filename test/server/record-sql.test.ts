// The store's SQL and the in-memory evaluator (matchesCondition, sortRecords) must mean the
// same thing: random conditions over the demo data select the same records both ways, through
// the record_refs index lookups (vendor, buyer, approver …) as through JSON reads.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRecord, Value } from '../../src/logic/api.js';
import { sortRecords } from '../../src/logic/query.js';
import type { FilterOperator } from '../../src/model/types.js';
import { builtInCatalog, indexedFields } from '../../src/server/domain/catalog.js';
import { matchesCondition, type Condition } from '../../src/server/domain/conditions.js';
import { demoCompany } from '../../src/server/demo/company.js';
import { seededRandom } from '../../src/server/demo/random.js';
import { openSqliteStore } from '../../src/server/store/sqlite/index.js';
import type { Store } from '../../src/server/store/types.js';
import { tempFolder } from './helpers.js';

const now = new Date('2025-06-11T10:00:00Z');
const company = demoCompany(now);
const dataDir = tempFolder();
let store: Store;
const byEntity = new Map<string, DataRecord[]>();
for (const record of company.records) {
  const rows = byEntity.get(record.entity) ?? [];
  rows.push(record.data);
  byEntity.set(record.entity, rows);
}
const lookup = (entity: string, key: string): DataRecord | undefined => {
  const keyField = entity === 'PurchaseOrder' ? 'number' : 'id';
  return byEntity.get(entity)?.find((r) => r[keyField] === key);
};

beforeAll(async () => {
  store = openSqliteStore({ dataDir, indexedFields: indexedFields(builtInCatalog().catalog) });
  await store.seed(
    'test',
    company.users.map((u) => ({ ...u, passwordHash: null })),
    company.records,
  );
});

afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const random = seededRandom(7);
const fields = ['status', 'vendor', 'buyer', 'approver', 'deliveryWarehouse', 'total', 'lineCount', 'sentAt', 'confirmedDeliveryDate', 'approverComment', 'description', 'orderDate', 'currency'];
const operators: FilterOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains'];

function sampleValue(field: string): Value {
  const orders = byEntity.get('PurchaseOrder')!;
  if (random.chance(0.15)) return null;
  const value = random.pick(orders)[field] ?? null;
  return typeof value === 'string' && random.chance(0.3) ? value.slice(0, random.int(1, Math.max(1, value.length))) : value;
}

function randomCondition(depth = 0): Condition {
  const roll = random.next();
  if (depth < 2 && roll < 0.2) return { kind: random.chance(0.5) ? 'and' : 'or', items: [randomCondition(depth + 1), randomCondition(depth + 1), randomCondition(depth + 1)] };
  if (roll < 0.3) return { kind: 'search', fields: ['description', 'status'], text: String(sampleValue('description') ?? 'a').slice(0, 4) };
  const field = random.pick(fields);
  const operator = random.pick(operators);
  const value = operator === 'in' ? [sampleValue(field), sampleValue(field), sampleValue(field)] : operator === 'contains' ? String(sampleValue(field) ?? '').slice(0, 3) : sampleValue(field);
  return { kind: 'field', field, operator, value };
}

async function keysFromSql(entity: string, where: Condition): Promise<string[]> {
  return (await store.queryRecords({ entity, where, sort: [], limit: 100_000 })).map((row) => row.key);
}

describe('SQL and in-memory evaluation agree', () => {
  it('on 300 random conditions over purchase orders', async () => {
    const orders = byEntity.get('PurchaseOrder')!;
    let nonTrivial = 0;
    for (let i = 0; i < 300; i++) {
      const condition = randomCondition();
      const expected = orders
        .filter((r) => matchesCondition(r, condition, lookup))
        .map((r) => String(r.number))
        .sort();
      const actual = (await keysFromSql('PurchaseOrder', condition)).sort();
      expect({ condition, keys: actual }).toEqual({ condition, keys: expected });
      if (expected.length > 0 && expected.length < orders.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(100);
  });

  it('on parent conditions (lines of the orders that match)', async () => {
    const lines = byEntity.get('PurchaseOrderLine')!;
    for (let i = 0; i < 50; i++) {
      const condition: Condition = { kind: 'parent', field: 'orderNumber', entity: 'PurchaseOrder', condition: randomCondition() };
      const expected = lines
        .filter((r) => matchesCondition(r, condition, lookup))
        .map((r) => String(r.id))
        .sort();
      expect((await keysFromSql('PurchaseOrderLine', condition)).sort()).toEqual(expected);
    }
  });

  it('on sort order, empty values last', async () => {
    const orders = byEntity.get('PurchaseOrder')!;
    for (const field of ['sentAt', 'total', 'status', 'confirmedDeliveryDate', 'approverComment']) {
      for (const order of ['asc', 'desc'] as const) {
        const expected = sortRecords(
          [...orders],
          [
            { field, order },
            { field: 'number', order: 'asc' },
          ],
        ).map((r) => r.number);
        const rows = await store.queryRecords({ entity: 'PurchaseOrder', where: { kind: 'all' }, sort: [{ field, order }], limit: 100_000 });
        expect([field, order, rows.map((r) => r.key)]).toEqual([field, order, expected]);
      }
    }
  });
});
