import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/model/types.js';
import type { User } from '../../src/server/domain/users.js';
import { collectChanges, maxPullLimit, planPull, pullResponse, type ChangeSource } from '../../src/server/sync/pull.js';
import type { ChangeRow, StoredRecord } from '../../src/server/sync/types.js';
import catalogJson from '../../templates/catalog.json' with { type: 'json' };

const catalog = catalogJson as unknown as Catalog;
const anna: User = { id: 'anna', name: 'Anna', roles: ['Employee'], attributes: {}, isAdmin: false };
const now = new Date('2025-03-14T12:00:00Z');

function row(seq: number, key: string, deleted = false): ChangeRow {
  return { seq, entity: 'ExpenseReport', key, version: seq, json: JSON.stringify({ number: key, owner: 'anna' }), deleted };
}

describe('planPull', () => {
  it('asks only for entities the user may read, each with the records they may see', () => {
    const plan = planPull(anna, catalog, { since: '10', entities: 'ExpenseReport,CostElement,ExpenseLine' }, now);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.query.since).toBe(10);
    expect(plan.query.entities.map((e) => e.entity)).toEqual(['ExpenseReport', 'ExpenseLine']);
    expect(JSON.stringify(plan.query.entities[0]!.where)).toContain('"anna"');
    expect(plan.query.entities[1]!.where.kind).toBe('parent');
  });

  it('without a checkpoint, only fast-forwards to the current one', () => {
    const plan = planPull(anna, catalog, {}, now);
    expect(plan).toMatchObject({ ok: true, isFastForward: true, query: { limit: 0, since: 0 } });
  });

  it('names bad parameters', () => {
    const plan = planPull(anna, catalog, { since: 'yesterday', entities: 'Nope', limit: String(maxPullLimit + 1) }, now);
    expect(plan.ok ? [] : plan.problems.map((p) => p.pointer)).toEqual(['/since', '/limit', '/entities']);
  });
});

describe('pullResponse', () => {
  const query = { since: 0, entities: [], limit: 2 };

  it('pages: a full page says there is more and checkpoints at its last change', () => {
    const response = pullResponse({ rows: [row(3, 'EXP-1'), row(5, 'EXP-2')], latest: 9 }, query);
    expect(response).toMatchObject({ hasMore: true, checkpoint: '5' });
    expect(response.changes[0]).toEqual({ entity: 'ExpenseReport', key: 'EXP-1', version: 3, record: { number: 'EXP-1', owner: 'anna', _version: 3 } });
  });

  it('the last page checkpoints at the newest change, even one the user may not see', () => {
    expect(pullResponse({ rows: [row(3, 'EXP-1')], latest: 9 }, query)).toMatchObject({ hasMore: false, checkpoint: '9' });
  });

  it('sends deletions as tombstones without data', () => {
    expect(pullResponse({ rows: [row(4, 'EXP-1', true)], latest: 4 }, query).changes).toEqual([{ entity: 'ExpenseReport', key: 'EXP-1', version: 4, deleted: true }]);
  });
});

describe('collectChanges', () => {
  /** A change log of `count` report changes, every third one Anna's, the last one a deleted report of hers. */
  function source(count: number): ChangeSource & { scans: number } {
    const rows: ChangeRow[] = Array.from({ length: count }, (_, i) => ({
      seq: i + 1, entity: 'ExpenseReport', key: `EXP-${i + 1}`, version: 1,
      json: JSON.stringify({ number: `EXP-${i + 1}`, owner: i % 3 === 0 ? 'anna' : 'ben' }), deleted: i === count - 1,
    }));
    rows[count - 1]!.json = JSON.stringify({ number: `EXP-${count}`, owner: 'anna' });
    const log = {
      scans: 0,
      changesAfter(since: number, entities: readonly string[], limit: number) {
        log.scans++;
        return rows.filter((r) => r.seq > since && entities.includes(r.entity)).slice(0, limit);
      },
      latestChange: () => count + 5,
      getRecord: (): StoredRecord | undefined => undefined,
    };
    return log;
  }

  function query(since: number, limit: number) {
    const plan = planPull(anna, catalog, { since: String(since), entities: 'ExpenseReport', limit }, now);
    if (!plan.ok) throw new Error('plan');
    return plan.query;
  }

  it('keeps only records the user may see, tombstones by their last data, across scan chunks', () => {
    const log = source(2500);
    const page = collectChanges(log, query(0, 1000));
    expect(page.rows).toHaveLength(834);
    expect(page.rows.every((r) => JSON.parse(r.json).owner === 'anna')).toBe(true);
    expect(page.rows.at(-1)).toMatchObject({ key: 'EXP-2500', deleted: true });
    expect(log.scans).toBe(3);
    expect(pullResponse(page, query(0, 1000))).toMatchObject({ hasMore: false, checkpoint: '2505' });
  });

  it('stops at the limit and checkpoints at the last change it returns', () => {
    const page = collectChanges(source(2500), query(0, 10));
    expect(page.rows.map((r) => r.seq)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    expect(pullResponse(page, query(0, 10))).toMatchObject({ hasMore: true, checkpoint: '28' });
  });
});
