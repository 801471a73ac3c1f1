// logic.test.yaml: the business-logic tests of one workspace. Shared settings (user, today,
// online, local data) at the top, then cases; each case opens the workspace, a page, an
// action's form (then changes fields, validates, queues) or delivers a sync result, and
// says what it expects. Read into plain data, checked against the workspace and catalog.
import type { Diagnostic } from '../../diagnostics.js';
import type { Action, Catalog, Page, Workspace } from '../../model/types.js';
import type { SourceFile } from '../../yaml/source.js';
import type { DataRecord, LogicUser, SyncResult, SyncStatus, Value } from '../api.js';
import { pageFieldRefs } from '../state.js';
import { childPointer, ShapeChecker, type Mapping } from './checker.js';
import { readExpectations, type Check } from './expectations.js';
import { readData, readRecord, readUser } from './test-settings.js';

export const testFileName = 'logic.test.yaml';

export interface TestSettings {
  user: LogicUser;
  /** ISO date; undefined means the real today. */
  today?: string;
  now?: string;
  /** IANA time zone of the case's local time (`getHours()`, `toString()` …): UTC unless set. */
  timeZone: string;
  online: boolean;
  data: Record<string, DataRecord[]>;
}

export type TestEvent = { kind: 'change'; field: string; value: Value; pointer: string } | { kind: 'validate' | 'queue'; pointer: string };

export type CaseTarget =
  | { kind: 'workspace' }
  | { kind: 'page'; page: Page; record?: DataRecord }
  | { kind: 'action'; action: Action; pageId?: string; record?: DataRecord; values: DataRecord; events: TestEvent[] }
  | { kind: 'sync'; result: SyncResult };

export interface TestCase {
  name: string;
  pointer: string;
  settings: TestSettings;
  target: CaseTarget;
  checks: Check[];
}

export interface TestSuite {
  file: string;
  cases: TestCase[];
}

const fileKeys = ['user', 'today', 'now', 'timeZone', 'online', 'data', 'cases'];
const caseKeys = ['name', 'user', 'today', 'now', 'timeZone', 'online', 'data', 'page', 'action', 'record', 'values', 'events', 'sync', 'expect'];
const syncStatuses: readonly SyncStatus[] = ['applied', 'conflict', 'rejected'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

interface SuiteContext {
  checker: ShapeChecker;
  workspace: Workspace;
  catalog?: Catalog;
}

function fieldNames(refs: ReadonlyArray<string | { field: string }>): string[] {
  return refs.map((ref) => (typeof ref === 'string' ? ref : ref.field));
}

function readSettings(context: SuiteContext, mapping: Mapping, pointer: string, base: TestSettings): TestSettings {
  const { checker } = context;
  const settings: TestSettings = { ...base, data: { ...base.data } };
  if (mapping.user !== undefined) settings.user = readUser(checker, mapping.user, childPointer(pointer, 'user')) ?? base.user;
  if (mapping.today !== undefined) {
    if (typeof mapping.today === 'string' && isoDate.test(mapping.today)) settings.today = mapping.today;
    else checker.error(childPointer(pointer, 'today'), '`today` must be a date such as 2025-03-14.');
  }
  if (mapping.now !== undefined && checker.isText(mapping.now, childPointer(pointer, 'now'), '`now`')) settings.now = mapping.now;
  if (mapping.timeZone !== undefined && checker.isText(mapping.timeZone, childPointer(pointer, 'timeZone'), '`timeZone`')) {
    if (isTimeZone(mapping.timeZone)) settings.timeZone = mapping.timeZone;
    else checker.error(childPointer(pointer, 'timeZone'), `\`${mapping.timeZone}\` is not a time zone.`, 'Use an IANA name such as Europe/Berlin, America/New_York or UTC.');
  }
  if (mapping.online !== undefined && checker.isBoolean(mapping.online, childPointer(pointer, 'online'), '`online`')) settings.online = mapping.online;
  if (mapping.data !== undefined) Object.assign(settings.data, readData(checker, mapping.data, childPointer(pointer, 'data'), context.catalog));
  return settings;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function readEvents(context: SuiteContext, value: unknown, pointer: string, fields: readonly string[]): TestEvent[] {
  const { checker } = context;
  const events: TestEvent[] = [];
  if (value === undefined || !checker.isList(value, pointer, '`events`')) return events;
  value.forEach((event, index) => {
    const at = childPointer(pointer, index);
    if (event === 'validate' || event === 'queue') {
      events.push({ kind: event, pointer: at });
      return;
    }
    const changes = event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Mapping).change : undefined;
    if (Object.keys(event ?? {}).length !== 1 || !changes || typeof changes !== 'object' || Array.isArray(changes)) {
      checker.error(at, 'An event is `validate`, `queue` or `change: { field: value, … }`.');
      return;
    }
    for (const [field, fieldValue] of Object.entries(changes as Mapping)) {
      const where = childPointer(at, 'change', field);
      if (checker.knownName(field, fields, where, 'field', 'key') && checker.isValue(fieldValue, where, `The value of \`${field}\``)) {
        events.push({ kind: 'change', field, value: fieldValue as Value, pointer: where });
      }
    }
  });
  return events;
}

function notAllowed(context: SuiteContext, mapping: Mapping, pointer: string, keys: string[], why: string): void {
  for (const key of keys) {
    if (mapping[key] !== undefined) context.checker.error(childPointer(pointer, key), `\`${key}\` does not apply here: ${why}`, undefined, 'key');
  }
}

function readActionTarget(context: SuiteContext, mapping: Mapping, pointer: string, settings: TestSettings): CaseTarget | undefined {
  const { checker, workspace } = context;
  const actions = workspace.actions ?? [];
  const actionId = mapping.action;
  if (!checker.isText(actionId, childPointer(pointer, 'action'), '`action`')) return undefined;
  if (
    !checker.knownName(
      actionId,
      actions.map((a) => a.id),
      childPointer(pointer, 'action'),
      'action',
    )
  )
    return undefined;
  const action = actions.find((a) => a.id === actionId)!;
  let page: Page | undefined;
  if (mapping.page !== undefined) {
    page = readPage(context, mapping.page, childPointer(pointer, 'page'));
    if (page && !(page.actions ?? []).includes(action.id))
      checker.error(
        childPointer(pointer, 'page'),
        `Page \`${page.id}\` does not offer action \`${action.id}\`.`,
        `Pages that do: ${
          workspace.pages
            .filter((p) => p.actions?.includes(action.id))
            .map((p) => p.id)
            .join(', ') || 'none'
        }.`,
      );
  }
  const recordEntity = page?.kind === 'details' ? page.entity : action.kind === 'create' ? undefined : action.entity;
  const record = mapping.record === undefined ? undefined : readRecord(checker, mapping.record, childPointer(pointer, 'record'), recordEntity, settings.data, context.catalog);
  if (mapping.record === undefined && action.kind !== 'create') {
    checker.error(
      pointer,
      `Action \`${action.id}\` (${action.kind}) works on a record: give it as \`record\`.`,
      'e.g. record: { number: ER-1, status: Draft } or, with the catalog, the key: record: ER-1',
    );
  }
  const fields = fieldNames(action.fields ?? []);
  const values: DataRecord = {};
  if (mapping.values !== undefined && checker.isMapping(mapping.values, childPointer(pointer, 'values'), '`values`')) {
    for (const [field, value] of Object.entries(mapping.values)) {
      const at = childPointer(pointer, 'values', field);
      if (checker.knownName(field, fields, at, 'field', 'key') && checker.isValue(value, at, `The value of \`${field}\``)) values[field] = value as Value;
    }
  }
  const events = readEvents(context, mapping.events, childPointer(pointer, 'events'), fields);
  return { kind: 'action', action, pageId: page?.id, record, values, events };
}

function readPage(context: SuiteContext, value: unknown, pointer: string): Page | undefined {
  const pages = context.workspace.pages;
  if (
    !context.checker.isText(value, pointer, '`page`') ||
    !context.checker.knownName(
      value,
      pages.map((p) => p.id),
      pointer,
      'page',
    )
  )
    return undefined;
  return pages.find((p) => p.id === value);
}

function readPageTarget(context: SuiteContext, mapping: Mapping, pointer: string, settings: TestSettings): CaseTarget | undefined {
  notAllowed(context, mapping, pointer, ['values', 'events'], 'a page case opens a page; start an action to fill in a form.');
  const page = readPage(context, mapping.page, childPointer(pointer, 'page'));
  if (!page) return undefined;
  if (page.kind !== 'details') {
    notAllowed(context, mapping, pointer, ['record'], `page \`${page.id}\` is a ${page.kind} page, which shows no single record.`);
    return { kind: 'page', page };
  }
  if (mapping.record === undefined) {
    context.checker.error(pointer, `Page \`${page.id}\` is a details page: give the record it shows as \`record\`.`);
    return undefined;
  }
  const record = readRecord(context.checker, mapping.record, childPointer(pointer, 'record'), page.entity, settings.data, context.catalog);
  return record ? { kind: 'page', page, record } : undefined;
}

function readSyncTarget(context: SuiteContext, mapping: Mapping, pointer: string): CaseTarget | undefined {
  const { checker, workspace } = context;
  notAllowed(context, mapping, pointer, ['page', 'action', 'record', 'values', 'events'], 'a sync case delivers one result; describe it under `sync`.');
  const at = childPointer(pointer, 'sync');
  if (!checker.isMapping(mapping.sync, at, '`sync`')) return undefined;
  const sync = mapping.sync;
  checker.knownKeys(sync, at, ['action', 'status', 'message', 'values', 'record', 'operationId'], '`sync`');
  const actionOk =
    checker.isText(sync.action, childPointer(at, 'action'), '`sync.action`') &&
    checker.knownName(
      sync.action,
      (workspace.actions ?? []).map((a) => a.id),
      childPointer(at, 'action'),
      'action',
    );
  const statusOk = typeof sync.status === 'string' && syncStatuses.includes(sync.status as SyncStatus);
  if (!statusOk) checker.error(childPointer(at, 'status'), '`sync.status` must be applied, conflict or rejected.');
  const isMapping = (key: string) => sync[key] === undefined || checker.isMapping(sync[key], childPointer(at, key), `\`sync.${key}\``);
  const shapesOk = isMapping('values') && isMapping('record') && (sync.message === undefined || checker.isText(sync.message, childPointer(at, 'message'), '`sync.message`'));
  if (!actionOk || !statusOk || !shapesOk) return undefined;
  return {
    kind: 'sync',
    result: {
      status: sync.status as SyncStatus,
      actionId: sync.action as string,
      operationId: typeof sync.operationId === 'string' ? sync.operationId : 'op-1',
      values: (sync.values ?? {}) as DataRecord,
      ...(sync.message ? { message: sync.message as string } : {}),
      ...(sync.record ? { record: sync.record as DataRecord } : {}),
    },
  };
}

function readCase(context: SuiteContext, value: unknown, pointer: string, base: TestSettings): TestCase | undefined {
  const { checker } = context;
  if (!checker.isMapping(value, pointer, 'A case')) return undefined;
  checker.knownKeys(value, pointer, caseKeys, 'a case');
  const name = checker.isText(value.name, childPointer(pointer, 'name'), "The case's `name`") ? value.name : undefined;
  const settings = readSettings(context, value, pointer, base);
  const target =
    value.sync !== undefined
      ? readSyncTarget(context, value, pointer)
      : value.action !== undefined
        ? readActionTarget(context, value, pointer, settings)
        : value.page !== undefined
          ? readPageTarget(context, value, pointer, settings)
          : (notAllowed(context, value, pointer, ['record', 'values', 'events'], 'a case without page, action or sync opens the workspace.'), { kind: 'workspace' as const });
  if (!target || !name) return undefined;
  const fields = target.kind === 'action' ? fieldNames(target.action.fields ?? []) : target.kind === 'page' ? fieldNames(pageFieldRefs(target.page)) : [];
  const actions = target.kind === 'page' ? (target.page.actions ?? []) : [];
  const checks = readExpectations(checker, value.expect, childPointer(pointer, 'expect'), { kind: target.kind, fields, actions });
  return { name, pointer, settings, target, checks };
}

const defaultSettings: TestSettings = {
  user: { id: 'test-user', name: 'Test User', roles: [], attributes: {} },
  online: true,
  timeZone: 'UTC',
  data: {},
};

/** Reads a parsed logic.test.yaml; the suite is returned only if the file has no problems. */
export function readTestSuite(source: SourceFile, workspace: Workspace, catalog?: Catalog): { suite?: TestSuite; diagnostics: Diagnostic[] } {
  const checker = new ShapeChecker(source);
  const context: SuiteContext = { checker, workspace, catalog };
  const data = source.data;
  if (!checker.isMapping(data, '', 'A logic test file')) return { diagnostics: checker.diagnostics };
  checker.knownKeys(data, '', fileKeys, 'a logic test file');
  const settings = readSettings(context, data, '', defaultSettings);
  const cases: TestCase[] = [];
  if (data.cases === undefined) checker.error('', 'A logic test file needs `cases`: a list of test cases.', 'e.g. cases: [ { name: …, action: …, events: […], expect: { … } } ]');
  else if (checker.isList(data.cases, '/cases', '`cases`')) {
    data.cases.forEach((value, index) => {
      const testCase = readCase(context, value, childPointer('/cases', index), settings);
      if (testCase) cases.push(testCase);
    });
  }
  const duplicate = cases.find((c, i) => cases.findIndex((d) => d.name === c.name) !== i);
  if (duplicate) checker.error(childPointer(duplicate.pointer, 'name'), `Two cases are named \`${duplicate.name}\`.`, 'Give each case its own name, so reports can tell them apart.');
  return checker.diagnostics.length > 0 ? { diagnostics: checker.diagnostics } : { suite: { file: source.file, cases }, diagnostics: [] };
}
