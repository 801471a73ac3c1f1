import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/model/types.js';
import type { User } from '../../src/server/domain/users.js';
import { collectChanges, maxPullLimit, planPull, type ChangeSource } from '../../src/server/sync/pull.js';
import type { ChangeRow, StoredRecord } from '../../src/server/sync/types.js';
import catalogJson from '../../templates/catalog.json' with { type: 'json' };
import { builtInModel } from '../../src/server/domain/built-in-model.js';
import { DeferredAnswers } from '../helpers/deferred.js';

const catalog = catalogJson as unknown as Catalog;
const model = { ...builtInModel(), catalog };
const anna: User = { id: 'anna', name: 'Anna', roles: ['Employee'], attributes: {}, isAdmin: false };
const now = new Date('2025-03-14T12:00:00Z');
/** The SQLite store's checkpoints: decimal change sequences. */
const isCheckpoint = (text: string) => /^\d{1,15}$/.test(text);

describe('planPull', () => {
  it('asks only for entities the user may read, each with the records they may see', () => {
    const plan = planPull(anna, model, { since: '10', entities: 'ExpenseReport,CostElement,ExpenseLine' }, now, isCheckpoint);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.query.since).toBe('10');
    expect(plan.query.entities.map((e) => e.entity)).toEqual(['ExpenseReport', 'ExpenseLine']);
    expect(JSON.stringify(plan.query.entities[0]!.where)).toContain('"anna"');
    expect(plan.query.entities[1]!.where.kind).toBe('parent');
  });

  it('without a checkpoint, only fast-forwards to the current one', () => {
    const plan = planPull(anna, model, {}, now, isCheckpoint);
    expect(plan).toMatchObject({ ok: true, isFastForward: true, query: { limit: 0, since: null } });
  });

  it("names bad parameters; what a checkpoint looks like is the store's to say", () => {
    const plan = planPull(anna, model, { since: 'yesterday', entities: 'Nope', limit: String(maxPullLimit + 1) }, now, isCheckpoint);
    expect(plan.ok ? [] : plan.problems.map((p) => p.pointer)).toEqual(['/since', '/limit', '/entities']);
    expect(planPull(anna, model, { since: 'yesterday' }, now, () => true).ok).toBe(true);
  });
});

describe('collectChanges', () => {
  /**
   * A change log as the SQLite store scans it (answering on a later turn): `count` report
   * changes, every third one Anna's, the last one a deleted report of hers; `extra` changes of
   * other entities after them.
   */
  function source(count: number, extra = 0): ChangeSource & { scans: number; parentQueries: number; commit(): void } {
    const answers = new DeferredAnswers();
    const rows: ChangeRow[] = Array.from({ length: count }, (_, i) => ({
      checkpoint: String(i + 1),
      entity: 'ExpenseReport',
      key: `EXP-${i + 1}`,
      version: 1,
      json: JSON.stringify({ number: `EXP-${i + 1}`, owner: i % 3 === 0 ? 'anna' : 'ben' }),
      deleted: i === count - 1,
    }));
    rows[count - 1]!.json = JSON.stringify({ number: `EXP-${count}`, owner: 'anna' });
    const latest = count + extra;
    const log = {
      scans: 0,
      parentQueries: 0,
      commit: () => answers.commit(),
      changesAfter: (checkpoint: string | null, entities: readonly string[], limit: number) =>
        answers.answer(() => {
          log.scans++;
          const since = Number(checkpoint ?? 0);
          const found = rows.filter((r) => Number(r.checkpoint) > since && entities.includes(r.entity)).slice(0, limit);
          const last = Number(found.at(-1)?.checkpoint ?? since);
          const isEnd = found.length < limit || last >= latest;
          return { rows: found, next: String(isEnd ? Math.max(latest, since) : last), isEnd };
        }),
      latestCheckpoint: () => answers.answer(() => String(latest)),
      getRecords: (_entity: string, _keys: readonly string[]) =>
        answers.answer(() => {
          log.parentQueries++;
          return new Map<string, StoredRecord>();
        }),
    };
    return log;
  }

  function query(since: number, limit: number, entities = 'ExpenseReport') {
    const plan = planPull(anna, model, { since: String(since), entities, limit }, now, isCheckpoint);
    if (!plan.ok) throw new Error('plan');
    return plan.query;
  }

  it('keeps only records the user may see, tombstones by their last data, across scan chunks', async () => {
    const log = source(2500, 5);
    const page = await collectChanges(log, query(0, 1000));
    log.commit();
    expect(page.changes).toHaveLength(834);
    expect(page.changes.every((c) => ('record' in c ? c.record.owner === 'anna' : c.key === 'EXP-2500'))).toBe(true);
    // Records come with their version; a deletion as a tombstone without data.
    expect(page.changes[0]).toEqual({ entity: 'ExpenseReport', key: 'EXP-1', version: 1, record: { number: 'EXP-1', owner: 'anna', _version: 1 } });
    expect(page.changes.at(-1)).toEqual({ entity: 'ExpenseReport', key: 'EXP-2500', version: 1, deleted: true });
    expect(log.scans).toBe(3);
    // The last page checkpoints at the newest change, even one the user may not see.
    expect(page).toMatchObject({ hasMore: false, checkpoint: '2505' });
  });

  it('stops at the limit and checkpoints at the last change it returns', async () => {
    const page = await collectChanges(source(2500), query(0, 10));
    expect(page.changes.map((c) => c.key)).toEqual(['EXP-1', 'EXP-4', 'EXP-7', 'EXP-10', 'EXP-13', 'EXP-16', 'EXP-19', 'EXP-22', 'EXP-25', 'EXP-28']);
    expect(page).toMatchObject({ hasMore: true, checkpoint: '28' });
  });

  it('a full page that ends with the newest change says there is no more', async () => {
    const page = await collectChanges(source(4), query(0, 2));
    expect(page.changes.map((c) => c.key)).toEqual(['EXP-1', 'EXP-4']);
    expect(page).toMatchObject({ hasMore: false, checkpoint: '4' });
  });

  it('without a checkpoint answers the current one and nothing else', async () => {
    const log = source(30, 2);
    const plan = planPull(anna, model, {}, now, isCheckpoint);
    if (!plan.ok) throw new Error('plan');
    expect(await collectChanges(log, plan.query)).toEqual({ changes: [], checkpoint: '32', hasMore: false });
    expect(log.scans).toBe(0);
  });

  it('fetches the parents a visibility rule looks at per chunk of rows, never one query per row', async () => {
    const answers = new DeferredAnswers();
    const lines: ChangeRow[] = Array.from({ length: 300 }, (_, i) => ({
      checkpoint: String(i + 1),
      entity: 'ExpenseLine',
      key: `EXL-${i + 1}`,
      version: 1,
      json: JSON.stringify({ id: `EXL-${i + 1}`, reportNumber: `EXP-${i % 30}` }),
      deleted: false,
    }));
    const asked: string[][] = [];
    const log: ChangeSource = {
      changesAfter: (_checkpoint, _entities, limit) => answers.answer(() => ({ rows: lines.slice(0, limit), next: '300', isEnd: true })),
      latestCheckpoint: () => answers.answer(() => '300'),
      getRecords: (entity, keys) =>
        answers.answer(() => {
          asked.push([entity, ...keys]);
          // Anna owns the even-numbered reports.
          return new Map(keys.map((key) => [key, { data: { number: key, owner: Number(key.slice(4)) % 2 === 0 ? 'anna' : 'ben' }, version: 1, deleted: false }]));
        }),
    };
    const page = await collectChanges(log, query(0, 1000, 'ExpenseLine'));
    answers.commit();
    expect(page.changes).toHaveLength(150);
    expect(asked).toHaveLength(1);
    expect(asked[0]![0]).toBe('ExpenseReport');
    expect(asked[0]!.slice(1)).toHaveLength(30);
  });
});
