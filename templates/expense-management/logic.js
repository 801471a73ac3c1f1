// Business logic of the expense management workspace. It runs on the phone, offline too:
// the app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */
/** @typedef {import('mwkit/types/logic').SyncResultContext} SyncResultContext */
/** @typedef {import('mwkit/types/logic').WorkspaceContext} WorkspaceContext */

/** Expenses above this amount need a receipt, whatever their category. */
const RECEIPT_THRESHOLD = 25;

const LINE_ACTIONS = ['add-line', 'quick-expense', 'edit-expense'];
const DRAFT_ONLY_ACTIONS = ['add-line', 'edit-report', 'submit-report', 'delete-report'];

function round(amount) {
  return Math.round(amount * 100) / 100;
}

async function categoryOf(ctx, code) {
  if (!code) return undefined;
  const [category] = await ctx.query('ExpenseCategory', { code });
  return category;
}

/** Whether an expense of this amount and category needs a receipt. */
async function needsReceipt(ctx, amount, categoryCode) {
  if (typeof amount === 'number' && amount > RECEIPT_THRESHOLD) return true;
  const category = await categoryOf(ctx, categoryCode);
  return category?.receiptRequired === true;
}

/** Field values of the form, falling back to the record being edited. */
function current(ctx, field) {
  const value = ctx.values[field];
  return value === undefined ? ctx.record?.[field] : value;
}

/** The expense lines of a report, as the device has them now (including offline changes). */
function linesOf(ctx, reportNumber) {
  return ctx.query('ExpenseLine', { reportNumber });
}

/** @param {WorkspaceContext} ctx */
export async function onWorkspaceOpened(ctx) {
  const missing = await ctx.query('ExpenseLine', { owner: '$user', receiptAttached: false, status: { in: ['Draft', 'Rejected'] } });
  let count = 0;
  for (const line of missing) {
    if (await needsReceipt(ctx, line.amount, line.category)) count += 1;
  }
  if (count > 0) ctx.addMessage(`${count} ${count === 1 ? 'expense needs' : 'expenses need'} a receipt before the report can be submitted.`, 'warning');
}

/** @param {PageContext} ctx */
export async function onPageOpened(ctx) {
  if (ctx.pageId !== 'report' || !ctx.record) return;
  // The total, line count and missing receipts come from the server, which has not seen
  // lines added offline yet: compute them from the lines on the device.
  const lines = await linesOf(ctx, ctx.record.number);
  let total = 0;
  let missingReceipts = 0;
  for (const line of lines) {
    total += line.amount ?? 0;
    if (!line.receiptAttached && (await needsReceipt(ctx, line.amount, line.category))) missingReceipts += 1;
  }
  ctx.setValue('total', round(total));
  ctx.setValue('lineCount', lines.length);
  ctx.setValue('missingReceipts', missingReceipts);
  const isDraft = ctx.record.status === 'Draft' || ctx.record.status === 'Rejected';
  for (const action of DRAFT_ONLY_ACTIONS) {
    if (isDraft) ctx.showAction(action);
    else ctx.hideAction(action);
  }
  if (ctx.record.status === 'Submitted') ctx.showAction('recall-report');
  else ctx.hideAction('recall-report');
  if (isDraft && missingReceipts > 0) ctx.addMessage(`Attach the missing ${missingReceipts === 1 ? 'receipt' : `${missingReceipts} receipts`} before you submit.`, 'warning');
}

/** @param {ActionContext} ctx */
export async function onActionStarted(ctx) {
  if (ctx.actionId === 'add-line' || ctx.actionId === 'quick-expense') await updateReceiptFields(ctx);
  if (ctx.actionId === 'attach-receipt') ctx.setLabel('receiptNote', 'Where is the receipt? (if you cannot attach it)');
}

/** @param {FieldChangedContext} ctx */
export async function onFieldChanged(ctx) {
  if (!LINE_ACTIONS.includes(ctx.actionId)) return;
  if (ctx.field === 'amount' && typeof ctx.value === 'number' && ctx.value < 0) {
    ctx.setFieldError('amount', 'The amount cannot be negative.');
  } else if (ctx.field === 'amount') {
    ctx.setFieldError('amount', null);
  }
  if (['amount', 'category', 'receiptAttached'].includes(ctx.field)) await updateReceiptFields(ctx);
}

/** Shows the receipt note only while no receipt is attached, and requires it when a receipt is needed. */
async function updateReceiptFields(ctx) {
  if (!('receiptNote' in ctx.values)) return; // quick-expense has no note
  const attached = current(ctx, 'receiptAttached') === true;
  if (attached) {
    ctx.hide('receiptNote');
    ctx.setRequired('receiptNote', false);
    return;
  }
  ctx.show('receiptNote');
  ctx.setRequired('receiptNote', await needsReceipt(ctx, current(ctx, 'amount'), current(ctx, 'category')));
}

/** @param {ActionContext} ctx */
export async function onActionValidating(ctx) {
  if (LINE_ACTIONS.includes(ctx.actionId)) return validateLine(ctx);
  if (ctx.actionId === 'attach-receipt' && ctx.values.receiptAttached !== true && !ctx.values.receiptNote) {
    return { receiptNote: 'Say where the receipt is, or why there is none.' };
  }
  if (ctx.actionId === 'submit-report') return validateSubmission(ctx);
  return undefined;
}

async function validateLine(ctx) {
  const errors = {};
  const date = current(ctx, 'date');
  const amount = current(ctx, 'amount');
  if (date && date > ctx.today) errors.date = 'An expense cannot be dated in the future.';
  if (typeof amount === 'number' && amount <= 0) errors.amount = 'The amount must be more than zero.';
  // With a note field on the form, the note is required instead (see updateReceiptFields).
  const attached = current(ctx, 'receiptAttached') === true;
  const hasNoteField = 'receiptNote' in ctx.values;
  if (!attached && !hasNoteField && !ctx.record?.receiptNote && (await needsReceipt(ctx, amount, current(ctx, 'category')))) {
    const field = 'receiptAttached' in ctx.values ? 'receiptAttached' : 'amount';
    errors[field] = `A receipt is needed for this expense (above ${RECEIPT_THRESHOLD} or of a category that requires one).`;
  }
  const category = await categoryOf(ctx, current(ctx, 'category'));
  if (category?.maxAmount != null && typeof amount === 'number' && amount > category.maxAmount) {
    ctx.addMessage(`${category.name} expenses above ${category.maxAmount} need extra approval.`, 'warning');
  }
  return errors;
}

async function validateSubmission(ctx) {
  const lines = await linesOf(ctx, ctx.record.number);
  if (lines.length === 0) return 'Add at least one expense before you submit the report.';
  const missing = [];
  for (const line of lines) {
    if (!line.receiptAttached && !line.receiptNote && (await needsReceipt(ctx, line.amount, line.category))) missing.push(line.merchant ?? line.id);
  }
  if (missing.length > 0) return `Attach the receipts of: ${missing.join(', ')}.`;
  return undefined;
}

/** @param {ActionContext} ctx */
export function onActionQueuing(ctx) {
  // Merchants typed on a phone keyboard: trim stray spaces before the line is queued.
  if (typeof ctx.values.merchant === 'string') ctx.setValue('merchant', ctx.values.merchant.trim());
}

/** @param {SyncResultContext} ctx */
export function onSyncResult(ctx) {
  const { result } = ctx;
  if (result.status === 'rejected' && result.actionId === 'submit-report') {
    ctx.addMessage(`Your report was not submitted: ${result.message ?? 'the environment refused it'}.`, 'error');
  } else if (result.status === 'conflict') {
    ctx.addMessage('Someone changed this record while you were offline: choose which version to keep.', 'warning');
  }
}
