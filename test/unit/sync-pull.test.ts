import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/model/types.js';
import type { User } from '../../src/server/domain/users.js';
import { maxPullLimit, planPull, pullResponse } from '../../src/sync/pull.js';
import type { ChangeRow } from '../../src/sync/types.js';
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
