// The app's pure parts: routes, the local view (synced records + pending changes), local
// queries and figures, and how operations are made and carried over after a sync.
import { describe, expect, it } from 'vitest';
import { buildOperation, keepMine, rebase, resend } from '../../app/src/operations.js';
import { aggregate, overlay, queryShown } from '../../app/src/overlay.js';
import { href, parseRoute, type Route } from '../../app/src/router.js';
import type { LocalOperation } from '../../app/src/types.js';
import type { Action, Catalog } from '../../src/model/types.js';
import catalogJson from '../../templates/catalog.json' with { type: 'json' };

const catalog = catalogJson as unknown as Catalog;

describe('routes', () => {
  const routes: Route[] = [
    { screen: 'dashboard' },
    { screen: 'sign-in' },
    { screen: 'changes' },
    { screen: 'workspace', workspaceId: 'expense-management' },
    { screen: 'page', workspaceId: 'expense-management', pageId: 'my-expenses', filter: { reportNumber: 'EXP-1' }, title: 'Expenses' },
    { screen: 'record', workspaceId: 'w', pageId: 'report', key: 'EXP/1 ?#' },
    { screen: 'action', workspaceId: 'w', actionId: 'add-line', fromPage: 'report', key: 'EXP-1' },
    { screen: 'action', workspaceId: 'w', actionId: 'edit', fix: '12' },
  ];
  it.each(routes)('round-trips %j', (route) => {
    expect(parseRoute(href(route))).toEqual(route);
  });
  it('names an unknown path', () => {
    expect(parseRoute('#/nope/x')).toEqual({ screen: 'not-found', path: '/nope/x' });
  });
});

function op(partial: Partial<LocalOperation>): LocalOperation {
  return { id: 'op', entity: 'ExpenseReport', kind: 'update', values: {}, userId: 'anna', workspaceId: 'w', actionId: 'a', title: 'Edit · EXP-1', status: 'pending', ...partial };
}

describe('overlay and local queries', () => {
  const synced = new Map([
    ['EXP-1', { number: 'EXP-1', purpose: 'Fair', owner: 'anna', status: 'Draft', total: 10, _version: 2 }],
    ['EXP-2', { number: 'EXP-2', purpose: 'Visit', owner: 'anna', status: 'Approved', total: 30, _version: 1 }],
  ]);

  it('replays pending changes over the synced records, never conflicts or rejections', () => {
    const shown = overlay('ExpenseReport', 'number', synced, [
      op({ seq: 1, key: 'EXP-1', values: { purpose: 'Trade fair' } }),
      op({ seq: 2, kind: 'create', key: 'local:a', values: { purpose: 'New' }, title: 'New expense report' }),
      op({ seq: 3, kind: 'delete', key: 'EXP-2' }),
      op({ seq: 4, key: 'EXP-1', values: { purpose: 'Refused' }, status: 'rejected' }),
      op({ seq: 5, entity: 'ExpenseLine', kind: 'create', key: 'local:l', values: {} }),
    ]);
    expect([...shown.keys()]).toEqual(['EXP-1', 'local:a']);
    expect(shown.get('EXP-1')).toMatchObject({ purpose: 'Trade fair', _pending: 'Changed', _version: 2 });
    expect(shown.get('local:a')).toMatchObject({ number: 'local:a', purpose: 'New', _local: true, _pending: 'New' });
    expect(synced.get('EXP-1')?.purpose).toBe('Fair');
  });

  it('shows a record made on the device in the lists it will belong to, though the environment fills in owner and status', () => {
    const shown = overlay('ExpenseReport', 'number', synced, [op({ kind: 'create', key: 'local:a', values: { purpose: 'New' } })]);
    const found = queryShown(shown.values(), { filter: { owner: 'anna', status: { in: ['Draft', 'Submitted'] } }, sort: [{ field: 'number', order: 'asc' }] });
    expect(found.map((r) => r.number)).toEqual(['local:a', 'EXP-1']); // made here: first, whatever the sort
  });

  it("searches the page's search fields ignoring case", () => {
    expect(queryShown(synced.values(), { search: 'vIS', searchFields: ['purpose'] }).map((r) => r.number)).toEqual(['EXP-2']);
    expect(queryShown(synced.values(), { search: 'vis', searchFields: ['status'] })).toEqual([]);
  });

  it('computes figures, skipping empty values', () => {
    const records = [
      { total: 10, date: '2025-03-01' },
      { total: 20.5, date: '2025-01-01' },
      { total: null, date: null },
    ];
    expect(aggregate(records, 'count')).toBe(3);
    expect(aggregate(records, 'sum', 'total')).toBe(30.5);
    expect(aggregate(records, 'avg', 'total')).toBe(15.25);
    expect(aggregate(records, 'min', 'date')).toBe('2025-01-01');
    expect(aggregate([], 'sum', 'total')).toBe(0);
    expect(aggregate([], 'max', 'total')).toBeNull();
  });
});

describe('operations', () => {
  const edit: Action = { id: 'edit-report', kind: 'update', title: 'Edit', entity: 'ExpenseReport', fields: ['purpose', 'total'] };
  const create: Action = { id: 'new-report', kind: 'create', title: 'New expense report', entity: 'ExpenseReport', fields: ['purpose', 'project'] };
  const base = { workspaceId: 'w', userId: 'anna', catalog, id: 'u-1', now: new Date('2025-03-14T10:00:00Z') };
  const record = { number: 'EXP-1', purpose: 'Fair', total: 10, _version: 4, _pending: 'Changed' };

  it("makes an update against the record's version, leaving read-only fields out", () => {
    const made = buildOperation({ ...base, action: edit, values: { purpose: 'Trade fair', total: 99 }, record });
    expect(made).toMatchObject({ id: 'u-1', kind: 'update', key: 'EXP-1', baseVersion: 4, values: { purpose: 'Trade fair' }, title: 'Edit · EXP-1', status: 'pending' });
    expect(made.before).not.toHaveProperty('_pending');
  });

  it('makes a create with a local key and without empty fields', () => {
    const made = buildOperation({ ...base, action: create, values: { purpose: 'Fair', project: null } });
    expect(made).toMatchObject({ kind: 'create', key: 'local:u-1', values: { purpose: 'Fair' } });
    expect(made).not.toHaveProperty('baseVersion');
  });

  it("carries an applied create's real key and new versions over to later operations", () => {
    const later = op({ key: 'local:u-1', baseVersion: 0, values: { reportNumber: 'local:u-1' }, title: 'Edit · local:u-1' });
    const rebased = rebase(later, {
      id: 'u-1',
      status: 'applied',
      entity: 'ExpenseReport',
      key: 'EXP-9',
      version: 1,
      record: null,
      localKey: 'local:u-1',
      changed: [{ entity: 'ExpenseReport', key: 'EXP-9', from: 0, to: 1 }],
    });
    expect(rebased).toMatchObject({ key: 'EXP-9', baseVersion: 1, values: { reportNumber: 'EXP-9' }, title: 'Edit · EXP-9' });
    const other = op({ key: 'EXP-1', baseVersion: 3 });
    expect(rebase(other, { id: 'x', status: 'applied', entity: 'ExpenseReport', key: 'EXP-2', version: 5, record: null, changed: [{ entity: 'ExpenseReport', key: 'EXP-1', from: 2, to: 5 }] })).toBe(
      other,
    );
  });

  it("keep mine re-queues against the environment's version with a new id; a fix gets a new id too", () => {
    const conflict = op({ seq: 3, key: 'EXP-1', baseVersion: 2, status: 'conflict', server: { record: { number: 'EXP-1', _version: 5 }, version: 5, message: 'changed' } });
    expect(keepMine(conflict, 'u-2')).toMatchObject({ id: 'u-2', seq: 3, status: 'pending', baseVersion: 5 });
    expect(keepMine(conflict, 'u-2')).not.toHaveProperty('server');
    const rejected = op({ seq: 4, key: 'EXP-1', baseVersion: 2, status: 'rejected', problem: { type: 't', title: 'x', status: 422, detail: 'no' } });
    expect(resend(rejected, 'u-3', { purpose: 'ok' }, { _version: 6 })).toMatchObject({ id: 'u-3', status: 'pending', values: { purpose: 'ok' }, baseVersion: 6 });
  });
});
