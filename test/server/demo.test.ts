// The demo company: deterministic, consistent with the catalog and the rules (every value of
// the right type, every reference resolving, every figure adding up), and with data behind
// every list page of every template for a user of the template's roles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../../src/logic/api.js';
import { queryRecords } from '../../src/logic/query.js';
import type { Workspace } from '../../src/model/types.js';
import { readCondition } from '../../src/server/domain/access.js';
import { builtInCatalog } from '../../src/server/domain/catalog.js';
import { matchesCondition } from '../../src/server/domain/conditions.js';
import { deriveTotals, totalsLinks } from '../../src/server/domain/derive.js';
import { builtInModel } from '../../src/server/domain/built-in-model.js';

const entityRules = builtInModel().rules;
import { variableScope } from '../../src/server/domain/users.js';
import { checkRequired, checkValue } from '../../src/server/domain/write-checks.js';
import { demoCompany } from '../../src/server/demo/company.js';
import { repoRoot, templateIds } from './helpers.js';

const now = new Date('2025-06-11T10:00:00Z');
const company = demoCompany(now);
const catalog = builtInCatalog().catalog;
const byEntity = new Map<string, Map<string, DataRecord>>();
for (const record of company.records) {
  if (!byEntity.has(record.entity)) byEntity.set(record.entity, new Map());
  byEntity.get(record.entity)!.set(record.key, record.data);
}
const exists = (entity: string, key: string): boolean => byEntity.get(entity)?.has(key) ?? false;
const lookup = (entity: string, key: string): DataRecord | undefined => byEntity.get(entity)?.get(key);

describe('the demo company', () => {
  it('is the same for the same day', () => {
    expect(JSON.stringify(demoCompany(now))).toBe(JSON.stringify(company));
  });

  it('has records of every entity, hundreds in all, and several users per role', () => {
    expect([...byEntity.keys()].sort()).toEqual(Object.keys(catalog.entities).sort());
    expect(company.records.length).toBeGreaterThan(1000);
    for (const role of ['Employee', 'Manager', 'Purchaser', 'Vendor', 'Warehouse', 'ProjectMember', 'Controller']) {
      expect([role, company.users.filter((u) => u.roles.includes(role)).length >= 2]).toEqual([role, true]);
    }
    expect(company.users.filter((u) => u.isAdmin).map((u) => u.id)).toEqual(['admin']);
  });

  it('fits the catalog: only known fields, every value of its type, references resolving, required fields present', () => {
    const userIds = new Set(company.users.map((u) => u.id));
    for (const { entity, key, data } of company.records) {
      const definition = catalog.entities[entity]!;
      expect([entity, key, data[definition.key]]).toEqual([entity, key, key]);
      for (const [field, value] of Object.entries(data)) {
        const fieldDefinition = definition.fields[field];
        expect([entity, field, fieldDefinition !== undefined]).toEqual([entity, field, true]);
        expect(() => checkValue(field, fieldDefinition!, value, { isReferable: exists, isUser: (id) => userIds.has(id) })).not.toThrow();
      }
      expect(() => checkRequired(definition.fields, data, '')).not.toThrow();
    }
  });

  it('has users behind every user field', () => {
    const ids = new Set(company.users.map((u) => u.id));
    for (const { entity, data } of company.records) {
      for (const [field, definition] of Object.entries(catalog.entities[entity]!.fields)) {
        if (definition.type === 'user' && data[field] != null) expect([entity, field, ids.has(String(data[field]))]).toEqual([entity, field, true]);
      }
    }
  });

  it('has figures that add up: document totals are the sums of their lines', () => {
    const receiptRequired = (code: string): boolean => lookup('ExpenseCategory', code)?.receiptRequired === true;
    for (const [child, link] of Object.entries(totalsLinks)) {
      const children = [...byEntity.get(child)!.values()];
      for (const [key, document] of byEntity.get(link.entity)!) {
        const figures = deriveTotals(
          link.entity,
          children.filter((c) => c[link.field] === key),
          receiptRequired,
        );
        expect([link.entity, key, Object.fromEntries(Object.keys(figures).map((f) => [f, document[f]]))]).toEqual([link.entity, key, figures]);
      }
    }
  });

  it('keeps line copies in step with their documents', () => {
    for (const [child, rules] of Object.entries(entityRules)) {
      if (!rules.parent) continue;
      for (const line of byEntity.get(child)!.values()) {
        const parent = lookup(rules.parent.entity, String(line[rules.parent.field]))!;
        expect(parent).toBeDefined();
        for (const [field, from] of Object.entries(rules.parent.copy)) {
          if (field === 'status') continue; // line statuses have their own values for orders
          expect([child, field, line[field]]).toEqual([child, field, parent[from]]);
        }
      }
    }
  });
});

describe('every template is useful as soon as it is published', () => {
  const workspaces = templateIds.map((id) => yaml.load(readFileSync(join(repoRoot, 'templates', id, 'workspace.yaml'), 'utf8')) as Workspace);

  it.each(workspaces.map((w) => [w.id, w] as const))('%s: each list page shows records to some user of its roles', (_id, workspace) => {
    const people = company.users.filter((u) => u.roles.some((role) => workspace.roles?.includes(role)));
    expect(people.length).toBeGreaterThan(1);
    for (const page of workspace.pages.filter((p) => p.kind === 'list')) {
      const records = [...byEntity.get(page.entity!)!.values()];
      const counts = people.map((user) => {
        const access = readCondition(entityRules, page.entity!, user, now);
        if (!access) return 0;
        const visible = records.filter((r) => matchesCondition(r, access, lookup));
        return queryRecords(visible, page.filter ?? {}, {}, variableScope(user, now)).length;
      });
      expect([page.id, Math.max(...counts) > 0]).toEqual([page.id, true]);
    }
  });
});
