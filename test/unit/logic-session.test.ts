// The moments and the ctx API: what handlers see, what their calls change, what blocks
// queueing, and how misuse is reported at the script line.
import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../../src/logic/api.js';
import type { LogicEnvironment } from '../../src/logic/context.js';
import { quickJSEngine } from '../../src/logic/quickjs/engine-node.js';
import { loadLogicInQuickJS } from '../../src/logic/quickjs/sandbox.js';

const engine = await quickJSEngine();
import { queryRecords } from '../../src/logic/query.js';
import { ActionForm, deliverSyncResult, openPage, openWorkspace, RefusedInput } from '../../src/logic/session.js';
import type { Action, Catalog, Page, Workspace } from '../../src/model/types.js';
import { baseWorkspace, testCatalog } from '../helpers/project.js';

const file = 'workspaces/expenses/logic.js';
const workspace = baseWorkspace() as Workspace;
const data: Record<string, DataRecord[]> = {
  ExpenseLine: [
    { id: 'L-1', reportNumber: 'ER-1', amount: 80, date: '2025-03-10' },
    { id: 'L-2', reportNumber: 'ER-1', amount: 20.5, date: '2025-03-11' },
    { id: 'L-3', reportNumber: 'ER-2', amount: 5, date: '2025-03-11' },
  ],
};

function env(code: string, overrides: Partial<LogicEnvironment> = {}): LogicEnvironment {
  const { sandbox, problems } = loadLogicInQuickJS(engine, code, { file });
  expect(problems).toEqual([]);
  return {
    sandbox: sandbox!,
    workspace,
    catalog: testCatalog as Catalog,
    user: { id: 'anna', name: 'Anna', roles: ['Employee'], attributes: { costCentre: 'CC-1' } },
    data: { query: (entity, filter, options) => queryRecords(data[entity] ?? [], filter, options, { user: { id: 'anna', attributes: {} }, today: '2025-03-14' }) },
    online: false,
    today: '2025-03-14',
    now: '2025-03-14T12:00:00.000Z',
    timeLimitMs: 500,
    ...overrides,
  };
}

const page = (id: string) => workspace.pages.find((p) => p.id === id) as Page;
const action = (id: string) => (workspace.actions ?? []).find((a) => a.id === id) as Action;
const report = { number: 'ER-1', purpose: 'Trip', total: 0, status: 'Draft' };

describe('what handlers see', () => {
  it('gives every ctx the user, workspace, day and connectivity, frozen', async () => {
    const code =
      'export function onWorkspaceOpened(ctx) {\n  ctx.addMessage([ctx.user.id, ctx.user.attributes.costCentre, ctx.workspaceId, ctx.today, ctx.now, ctx.online, Object.isFrozen(ctx), Object.isFrozen(ctx.user)].join(" "));\n}\n';
    const { state, problems } = await openWorkspace(env(code));
    expect(problems).toEqual([]);
    expect(state.messages.map((m) => m.text)).toEqual(['anna CC-1 expenses 2025-03-14 2025-03-14T12:00:00.000Z false true true']);
  });

  it('opens a details page with its record, and a form with defaults resolved', async () => {
    const code = 'export function onActionStarted(ctx) { ctx.log(ctx.actionId, ctx.actionKind, ctx.pageId, ctx.record.number, ctx.values); }';
    const form = await ActionForm.start(env(code), action('add-line'), { pageId: 'report', record: report });
    expect(form.problems).toEqual([]);
    expect(form.state.logs).toEqual(['add-line create report ER-1 {"reportNumber":"ER-1","amount":null,"date":"2025-03-14"}']);
  });

  it('reads local data with ctx.query, variables resolved, as frozen copies', async () => {
    const code = [
      'export async function onPageOpened(ctx) {',
      '  const lines = await ctx.query("ExpenseLine", { reportNumber: "$record.number", amount: { gt: 10 } }, { sort: [{ field: "amount" }] });',
      '  ctx.setValue("total", lines.reduce((sum, line) => sum + line.amount, 0));',
      '  ctx.log(lines.length, Object.isFrozen(lines), Object.isFrozen(lines[0]));',
      '}',
    ].join('\n');
    const { state, problems } = await openPage(env(code), page('report'), report);
    expect(problems).toEqual([]);
    expect(state.values.total).toBe(100.5);
    expect(state.logs).toEqual(['2 true true']);
    expect(data.ExpenseLine![0]!.amount).toBe(80);
  });

  it('reads from an asynchronous data source too', async () => {
    const slow = { query: () => new Promise<DataRecord[]>((resolve) => setTimeout(() => resolve([{ amount: 7 }]), 10)) };
    const code = 'export async function onPageOpened(ctx) { const [line] = await ctx.query("ExpenseLine"); ctx.setValue("total", line.amount); }';
    const { state, problems } = await openPage(env(code, { data: slow }), page('report'), report);
    expect(problems).toEqual([]);
    expect(state.values.total).toBe(7);
  });

  it('gives onFieldChanged the field, the value and the previous value', async () => {
    const code = 'export function onFieldChanged(ctx) { ctx.log(ctx.field, ctx.value, ctx.previousValue, ctx.values.amount); }';
    const form = await ActionForm.start(env(code), action('add-line'), { record: report, values: { amount: 5 } });
    await form.change('amount', 12);
    expect(form.state.logs).toEqual(['amount 12 5 12']);
  });

  it('gives onSyncResult the result', async () => {
    const code = 'export function onSyncResult(ctx) { if (ctx.result.status === "rejected") ctx.addMessage(ctx.actionId + ": " + ctx.result.message, "error"); }';
    const { state } = await deliverSyncResult(env(code), { status: 'rejected', actionId: 'submit', operationId: 'op-1', values: {}, message: 'no approver' });
    expect(state.messages).toMatchObject([{ severity: 'error', text: 'submit: no approver' }]);
  });
});

describe('control methods', () => {
  it('change field states and remember the script line that did it', async () => {
    const code = [
      'export function onActionStarted(ctx) {',
      '  ctx.hide("date");',
      '  ctx.setReadOnly("amount");',
      '  ctx.setRequired("date", false);',
      '  ctx.setLabel("amount", "Amount (EUR)");',
      '  ctx.setLookupFilter("reportNumber", { owner: "$user" });',
      '  ctx.setValue("amount", 12.5);',
      '}',
    ].join('\n');
    const form = await ActionForm.start(env(code), action('add-line'), { record: report });
    expect(form.problems).toEqual([]);
    const amount = form.state.fields.get('amount')!;
    expect(amount).toMatchObject({ label: 'Amount (EUR)', readOnly: true, visible: true });
    expect(form.state.fields.get('date')).toMatchObject({ visible: false, required: false });
    expect(form.state.fields.get('reportNumber')!.lookupFilter).toEqual({ owner: '$user' });
    expect(form.state.values.amount).toBe(12.5);
    expect(form.state.valueOrigins.get('amount')).toEqual({ handler: 'onActionStarted', position: { file, line: 7, column: 7 } });
    expect(amount.origins.label?.position?.line).toBe(5);
  });

  it('reports a field name the form does not have, with a did-you-mean, at the script line', async () => {
    const form = await ActionForm.start(env('export function onActionStarted(ctx) {\n  ctx.setValue("amout", 1);\n}\n'), action('add-line'), { record: report });
    expect(form.problems).toMatchObject([{ code: 'MW230', handler: 'onActionStarted', position: { line: 2, column: 7 } }]);
    expect(form.problems[0]!.message).toContain('`amout` is not a field here. Did you mean `amount`?');
  });

  it('reports values a field cannot hold', async () => {
    const form = await ActionForm.start(env('export function onActionStarted(ctx) { ctx.setValue("date", new Date()); }'), action('add-line'), { record: report });
    expect(form.problems[0]!.message).toContain('Use an ISO date text such as ctx.today.');
  });

  it('reports an unknown entity in a query', async () => {
    const { problems } = await openPage(env('export async function onPageOpened(ctx) { await ctx.query("ExpenseLines"); }'), page('report'), report);
    expect(problems[0]!.message).toContain('unknown entity `ExpenseLines`. Did you mean `ExpenseLine`?');
  });

  it('shows and hides the actions of a page', async () => {
    const code = 'export function onPageOpened(ctx) { if (ctx.record.status !== "Draft") ctx.hideAction("submit"); ctx.hideAction("add-line"); }';
    const { state } = await openPage(env(code), page('report'), { ...report, status: 'Submitted' });
    expect(Object.fromEntries([...state.actions].map(([id, a]) => [id, a.visible]))).toEqual({ submit: false, 'add-line': false });
  });

  it('cannot change what it was handed', async () => {
    const { problems } = await openPage(env('export function onPageOpened(ctx) { ctx.record.total = 1; }'), page('report'), report);
    expect(problems[0]!.message).toContain('TypeError');
  });

  it('reports a value returned where the app ignores it', async () => {
    const { problems } = await openPage(env('export function onPageOpened(ctx) { return { total: 1 }; }'), page('report'), report);
    expect(problems).toMatchObject([{ code: 'MW230', message: 'onPageOpened returned a value, but the app ignores what onPageOpened returns.' }]);
  });
});

describe('validation and queueing', () => {
  it('checks required fields first, then asks onActionValidating', async () => {
    const form = await ActionForm.start(env('export function onActionValidating(ctx) { return "Nothing works today."; }'), action('new-report'));
    expect(await form.validate()).toBe(false);
    expect(form.state.fields.get('purpose')!.error).toBe('Purpose is required.');
    expect(form.state.messages).toMatchObject([{ severity: 'error', text: 'Nothing works today.' }]);
  });

  it.each([
    ['a text', '"Too late."', { messages: ['Too late.'], errors: {} }],
    ['a list of texts', '["One.", "Two."]', { messages: ['One.', 'Two.'], errors: {} }],
    ['field messages', '{ amount: "Too much.", date: null }', { messages: [], errors: { amount: 'Too much.' } }],
  ])('takes %s as the result', async (_, returned, expected) => {
    const form = await ActionForm.start(env(`export function onActionValidating() { return ${returned}; }`), action('add-line'), { record: report, values: { amount: 1 } });
    expect(await form.validate()).toBe(false);
    expect(form.state.messages.map((m) => m.text)).toEqual(expected.messages);
    const errors = Object.fromEntries([...form.state.fields].filter(([, f]) => f.error).map(([name, f]) => [name, f.error]));
    expect(errors).toEqual(expected.errors);
  });

  it('reports a result of the wrong shape or for a missing field', async () => {
    const wrong = await ActionForm.start(env('export function onActionValidating() { return 42; }'), action('add-line'), { record: report, values: { amount: 1 } });
    expect(await wrong.validate()).toBe(false);
    expect(wrong.problems).toMatchObject([{ code: 'MW230', message: 'onActionValidating returned number 42.' }]);
    const missing = await ActionForm.start(env('export function onActionValidating() { return { amout: "x" }; }'), action('add-line'), { record: report, values: { amount: 1 } });
    await missing.validate();
    expect(missing.problems[0]!.message).toContain('returned a message for `amout`, which is not a field of the form');
  });

  it('queues despite warnings, not despite errors', async () => {
    const code = 'export function onActionValidating(ctx) { ctx.addMessage("Large amount.", ctx.values.amount > 100 ? "error" : "warning"); }';
    const ok = await ActionForm.start(env(code), action('add-line'), { record: report, values: { amount: 50 } });
    expect(await ok.queue()).toBe(true);
    const blocked = await ActionForm.start(env(code), action('add-line'), { record: report, values: { amount: 500 } });
    expect(await blocked.queue()).toBe(false);
  });

  it('keeps errors set while editing, and recomputes validation errors each time', async () => {
    const code = [
      'export function onFieldChanged(ctx) { ctx.setFieldError("date", ctx.value < 0 ? "Odd date for a negative amount." : null); }',
      'export function onActionValidating(ctx) { if (ctx.values.amount < 0) return { amount: "Negative." }; }',
    ].join('\n');
    const form = await ActionForm.start(env(code), action('add-line'), { record: report });
    await form.change('amount', -1);
    expect(await form.validate()).toBe(false);
    expect([form.state.fields.get('amount')!.error, form.state.fields.get('date')!.error]).toEqual(['Negative.', 'Odd date for a negative amount.']);
    await form.change('amount', 3);
    expect(await form.validate()).toBe(true);
  });

  it('lets onActionQueuing change the values that are queued', async () => {
    const form = await ActionForm.start(env('export function onActionQueuing(ctx) { ctx.setValue("purpose", ctx.values.purpose.trim()); }'), action('new-report'), { values: { purpose: '  Trip  ' } });
    expect(await form.queue()).toBe(true);
    expect(form.state.values.purpose).toBe('Trip');
  });

  it('does not queue when onActionQueuing fails', async () => {
    const form = await ActionForm.start(env('export function onActionQueuing(ctx) { ctx.nope(); }'), action('new-report'), { values: { purpose: 'Trip' } });
    expect(await form.queue()).toBe(false);
    expect(form.problems).toMatchObject([{ code: 'MW230', handler: 'onActionQueuing' }]);
  });

  it('refuses changes the user could not make', async () => {
    const form = await ActionForm.start(env('export function onActionStarted(ctx) { ctx.hide("date"); }'), action('add-line'), { record: report });
    await expect(form.change('date', '2025-01-01')).rejects.toThrow(RefusedInput);
    await expect(form.change('reportNumber', 'ER-9')).rejects.toThrow('it is hidden');
    await expect(form.change('amount', 9)).resolves.toBeUndefined();
  });
});
