// The environment's pure rules: entity rules agree with the catalog, version order, the apply
// plan and decisions, sign-in backoff, and access conditions per role.
import { describe, expect, it } from 'vitest';
import { isVariable, parseVariable } from '../../src/model/filter.js';
import type { Filter } from '../../src/model/types.js';
import { readCondition } from '../../src/server/domain/access.js';
import { and, or, type Condition } from '../../src/server/domain/conditions.js';
import { decideApply, decideRollback } from '../../src/server/domain/apply-decision.js';
import { lockoutAfter, recordFailure, waitBeforeAttempt } from '../../src/server/domain/backoff.js';
import { builtInCatalog } from '../../src/server/domain/catalog.js';
import { planChanges, type PlannedWorkspace } from '../../src/server/domain/plan.js';
import { builtInModel } from '../../src/server/domain/built-in-model.js';

const entityRules = builtInModel().rules;
import { compareVersions } from '../../src/server/domain/semver.js';
import { businessRoles, type User } from '../../src/server/domain/users.js';
import { normalizeWorkspace } from '../../src/model/normalize.js';

const catalog = builtInCatalog().catalog;

function filterFields(filter: Filter | undefined): string[] {
  return Object.keys(filter ?? {});
}

describe('entity rules and the catalog', () => {
  it('every entity has rules, and every rule names real entities, fields, operations and parameters', () => {
    expect(Object.keys(entityRules).sort()).toEqual(Object.keys(catalog.entities).sort());
    for (const [name, rules] of Object.entries(entityRules)) {
      const entity = catalog.entities[name]!;
      const fields = new Set(Object.keys(entity.fields));
      const named = [
        ...rules.read.flatMap((g) => ('filter' in g ? filterFields(g.filter) : [])),
        ...[rules.create, rules.update, rules.delete].flatMap((p) => filterFields(p?.where)),
        ...Object.keys(rules.onCreate ?? {}),
        ...Object.keys(rules.defaults ?? {}),
        ...Object.keys(rules.parent?.copy ?? {}),
        ...Object.values(rules.operations ?? {}).flatMap((o) => [...filterFields(o.where), ...Object.keys(o.set), ...filterFields(o.require?.filter)]),
      ];
      for (const field of named) expect([name, field, fields.has(field)]).toEqual([name, field, true]);
      if (rules.parent) {
        const parent = catalog.entities[rules.parent.entity]!;
        expect(entity.fields[rules.parent.field]).toMatchObject({ type: 'reference', entity: rules.parent.entity });
        for (const from of Object.values(rules.parent.copy)) expect([rules.parent.entity, from, from in parent.fields]).toEqual([rules.parent.entity, from, true]);
        for (const p of [rules.create, rules.update, rules.delete]) for (const f of filterFields(p?.parentWhere)) expect(f in parent.fields).toBe(true);
      }
      for (const [operation, rule] of Object.entries(rules.operations ?? {})) {
        const definition = entity.operations?.[operation];
        expect([name, operation, definition !== undefined]).toEqual([name, operation, true]);
        for (const spec of Object.values(rule.set)) {
          if (typeof spec === 'string' && spec.startsWith('$param.')) expect([operation, spec, spec.slice(7) in (definition?.parameters ?? {})]).toEqual([operation, spec, true]);
        }
      }
      // Operations of the catalog the environment does not run would be dead buttons in the app.
      for (const operation of Object.keys(entity.operations ?? {})) expect([name, operation, operation in (rules.operations ?? {})]).toEqual([name, operation, true]);
    }
  });

  it('grant filters use only $user variables, and roles of this environment', () => {
    for (const rules of Object.values(entityRules)) {
      for (const grant of rules.read) {
        if (grant.roles !== 'any') for (const role of grant.roles) expect(businessRoles).toContain(role);
        if (!('filter' in grant)) continue;
        for (const value of Object.values(grant.filter ?? {})) {
          if (isVariable(value)) expect(['user', 'userAttribute']).toContain(parseVariable(value)?.kind);
        }
      }
    }
  });
});

describe('row-level access', () => {
  const vendor: User = { id: 'v', name: 'V', roles: ['Vendor'], attributes: { vendorId: 'V-1' }, isAdmin: false };
  const now = new Date('2025-01-01T00:00:00Z');

  it('a vendor sees sent orders of their own company; without vendorId nothing', () => {
    expect(readCondition(entityRules, 'PurchaseOrder', vendor, now)).toEqual({
      kind: 'and',
      items: [
        { kind: 'field', field: 'vendor', operator: 'eq', value: 'V-1' },
        { kind: 'field', field: 'sentAt', operator: 'ne', value: null },
      ],
    });
    expect(readCondition(entityRules, 'PurchaseOrder', { ...vendor, attributes: {} }, now)).toEqual({ kind: 'none' });
  });

  it('lines are visible through their order; entities without a grant are not visible at all', () => {
    expect(readCondition(entityRules, 'PurchaseOrderLine', vendor, now)).toMatchObject({ kind: 'parent', field: 'orderNumber', entity: 'PurchaseOrder' });
    expect(readCondition(entityRules, 'CostLine', vendor, now)).toBeUndefined();
    expect(readCondition(entityRules, 'CostLine', { ...vendor, roles: [], isAdmin: true }, now)).toEqual({ kind: 'all' });
  });
});

describe('combining conditions', () => {
  const owner: Condition = { kind: 'field', field: 'owner', operator: 'eq', value: 'u' };
  const approver: Condition = { kind: 'field', field: 'approver', operator: 'eq', value: 'u' };
  const draft: Condition = { kind: 'field', field: 'status', operator: 'eq', value: 'Draft' };

  it('drops an alternative the other conditions already imply, and flattens', () => {
    expect(and(and(owner, draft), or(owner, approver))).toEqual({ kind: 'and', items: [owner, draft] });
    expect(and(draft, or(owner, approver))).toEqual({ kind: 'and', items: [draft, { kind: 'or', items: [owner, approver] }] });
    expect(and(owner, { kind: 'none' })).toEqual({ kind: 'none' });
    expect(or(owner, { kind: 'all' })).toEqual({ kind: 'all' });
  });
});

describe('version order', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.10.0', '1.9.0', 1],
    ['2.0.0', '2.0.0', 0],
    ['1.0.0-beta', '1.0.0', -1],
    ['1.0.0-alpha.2', '1.0.0-alpha.10', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-rc.1', '1.0.0-beta.9', 1],
    ['1.0.0+build.5', '1.0.0', 0],
  ])('%s vs %s', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
    expect(compareVersions(b, a)).toBe(-order || 0);
  });
});

function workspace(id: string, version: string, pages: Array<{ id: string; fields: string[] }>, extra: object = {}): PlannedWorkspace {
  const definition = normalizeWorkspace({
    schemaVersion: 1,
    id,
    title: id,
    version,
    ...extra,
    pages: pages.map((p) => ({ id: p.id, kind: 'list' as const, title: p.id, entity: 'Item', fields: p.fields })),
  });
  return { id, version, definition, logic: null };
}

describe('the apply plan', () => {
  const before = { version: '1.0.0', workspaces: [workspace('a', '1.0.0', [{ id: 'p', fields: ['name'] }]), workspace('b', '1.0.0', []), workspace('c', '1.0.0', [])] };
  const after = {
    version: '1.1.0',
    workspaces: [
      workspace(
        'a',
        '1.1.0',
        [
          { id: 'p', fields: ['name', 'unit'] },
          { id: 'q', fields: [] },
        ],
        { roles: ['Warehouse'] },
      ),
      workspace('b', '1.0.0', []),
      workspace('d', '1.0.0', []),
    ],
  };

  it('lists added, changed (pages, fields, settings), unchanged and removed workspaces', () => {
    expect(planChanges('x', before, after)).toEqual({
      package: { name: 'x', from: '1.0.0', to: '1.1.0' },
      workspaces: {
        added: ['d'],
        unchanged: ['b'],
        removed: ['c'],
        changed: [
          {
            id: 'a',
            from: '1.0.0',
            to: '1.1.0',
            pages: { added: ['q'], changed: ['p'], removed: [] },
            actions: { added: [], changed: [], removed: [] },
            fields: { added: ['p.unit'], removed: [] },
            settings: ['roles'],
          },
        ],
      },
    });
  });

  it('a changed script shows as the `logic` setting', () => {
    const withLogic = { ...before.workspaces[1]!, logic: 'export function onPageOpened() {}' };
    expect(planChanges('x', { version: '1', workspaces: [before.workspaces[1]!] }, { version: '2', workspaces: [withLogic] }).workspaces.changed[0]!.settings).toEqual(['logic']);
  });

  it('decides: apply, unchanged, downgrade (unless allowed), same version with other bytes, taken workspace ids', () => {
    const current = { ...before, digest: 'd1' };
    const incoming = { name: 'x', ...after, digest: 'd2' };
    const snapshot = { current, sameVersionDigest: null, otherOwners: new Map<string, string>() };
    expect(decideApply(incoming, snapshot, { allowDowngrade: false }).kind).toBe('apply');
    expect(decideApply({ ...incoming, digest: 'd1' }, snapshot, { allowDowngrade: false }).kind).toBe('unchanged');
    expect(decideApply({ ...incoming, version: '0.9.0' }, snapshot, { allowDowngrade: false })).toMatchObject({ kind: 'refused', problem: 'downgrade' });
    expect(decideApply({ ...incoming, version: '0.9.0' }, snapshot, { allowDowngrade: true }).kind).toBe('apply');
    expect(decideApply(incoming, { ...snapshot, sameVersionDigest: 'd3' }, { allowDowngrade: false })).toMatchObject({ kind: 'refused', problem: 'package-conflict' });
    expect(decideApply(incoming, { ...snapshot, sameVersionDigest: 'd2' }, { allowDowngrade: false })).toMatchObject({ kind: 'apply', isKnownVersion: true });
    expect(decideApply(incoming, { ...snapshot, otherOwners: new Map([['d', 'other']]) }, { allowDowngrade: false })).toMatchObject({
      kind: 'refused',
      problem: 'workspace-conflict',
      detail: expect.stringMatching(/d \(in other\)/),
    });
    expect(decideRollback('x', { current, target: { ...after, digest: 'd2' }, otherOwners: new Map() }).kind).toBe('rollback');
    expect(decideRollback('x', { current, target: current, otherOwners: new Map() }).kind).toBe('unchanged');
  });

  it('takes over a workspace id from a shipped template package, and only from one', () => {
    const incoming = { name: 'x', ...after, digest: 'd2' };
    const snapshot = { current: { ...before, digest: 'd1' }, sameVersionDigest: null, otherOwners: new Map([['d', 'mwkit-template-d']]) };
    const decision = decideApply(incoming, snapshot, { allowDowngrade: false });
    expect(decision).toMatchObject({ kind: 'apply', plan: { replaces: [{ workspace: 'd', package: 'mwkit-template-d' }] } });
    expect(decideApply(incoming, { ...snapshot, otherOwners: new Map([['d', 'template-d']]) }, { allowDowngrade: false })).toMatchObject({ kind: 'refused', problem: 'workspace-conflict' });
    expect(decideApply(incoming, { ...snapshot, otherOwners: new Map() }, { allowDowngrade: false })).not.toHaveProperty('plan.replaces');
    expect(decideRollback('x', { current: snapshot.current, target: { ...after, digest: 'd2' }, otherOwners: snapshot.otherOwners })).toMatchObject({
      kind: 'rollback',
      plan: { replaces: [{ workspace: 'd', package: 'mwkit-template-d' }] },
    });
  });
});

describe('sign-in backoff', () => {
  it('from the third failure on, waits a second and doubles the wait up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 20, 40].map(lockoutAfter)).toEqual([0, 0, 1000, 2000, 4000, 8000, 900_000, 900_000]);
    let state = recordFailure(undefined, 0);
    state = recordFailure(state, 0);
    expect(waitBeforeAttempt(state, 0)).toBe(0);
    state = recordFailure(state, 0);
    expect(waitBeforeAttempt(state, 0)).toBe(1000);
    expect(waitBeforeAttempt(state, 1000)).toBe(0);
  });
});
