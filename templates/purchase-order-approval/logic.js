// Business logic of the purchase order approval workspace. It runs on the phone, offline
// too: the app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').SyncResultContext} SyncResultContext */

/** Orders of this value or more need a comment when approved (the auditors ask for one). */
const COMMENT_REQUIRED_FROM = 10000;
/** A rejection reason the buyer can act on is at least this long. */
const MIN_REASON_LENGTH = 10;

function money(amount, currency) {
  return `${amount.toFixed(2)} ${currency ?? ''}`.trim();
}

/** The user's approval limit (user attribute `approvalLimit`), or undefined for no limit. */
function approvalLimit(ctx) {
  const limit = Number(ctx.user.attributes.approvalLimit);
  return Number.isFinite(limit) && limit > 0 ? limit : undefined;
}

/** @param {PageContext} ctx */
export function onPageOpened(ctx) {
  if (ctx.pageId !== 'order' || !ctx.record) return;
  const isAwaiting = ctx.record.status === 'AwaitingApproval';
  for (const action of ['approve-order', 'reject-order']) {
    if (isAwaiting) ctx.showAction(action);
    else ctx.hideAction(action);
  }
  const limit = approvalLimit(ctx);
  if (isAwaiting && limit !== undefined && ctx.record.total > limit) {
    ctx.hideAction('approve-order');
    ctx.addMessage(`This order is above your approval limit of ${money(limit, ctx.record.currency)}: reject it, or ask a manager with a higher limit.`, 'warning');
  }
}

/** @param {ActionContext} ctx */
export function onActionStarted(ctx) {
  if (ctx.actionId === 'approve-order' && ctx.record?.total >= COMMENT_REQUIRED_FROM) {
    ctx.setRequired('comment', true);
    ctx.setLabel('comment', `Comment (required from ${money(COMMENT_REQUIRED_FROM, ctx.record.currency)})`);
  }
}

/** @param {ActionContext} ctx */
export function onActionValidating(ctx) {
  const order = ctx.record;
  if (order && order.status !== 'AwaitingApproval') {
    return `This order is no longer awaiting approval (it is ${order.status}).`;
  }
  if (ctx.actionId === 'approve-order') {
    const limit = approvalLimit(ctx);
    if (limit !== undefined && order.total > limit) return `This order is above your approval limit of ${money(limit, order.currency)}.`;
  }
  if (ctx.actionId === 'reject-order') {
    const reason = (ctx.values.reason ?? '').trim();
    if (reason.length > 0 && reason.length < MIN_REASON_LENGTH) {
      return { reason: `Give the buyer a reason they can act on (at least ${MIN_REASON_LENGTH} characters).` };
    }
  }
  return undefined;
}

/** @param {ActionContext} ctx */
export function onActionQueuing(ctx) {
  if (ctx.actionId === 'reject-order') ctx.setValue('reason', ctx.values.reason.trim());
}

/** @param {SyncResultContext} ctx */
export function onSyncResult(ctx) {
  const { result } = ctx;
  const verb = result.actionId === 'approve-order' ? 'approval' : 'rejection';
  if (result.status === 'conflict') {
    ctx.addMessage(`The order changed while you were offline, so your ${verb} was not applied: open it again and decide on the current version.`, 'warning');
  } else if (result.status === 'rejected') {
    ctx.addMessage(`Your ${verb} was refused: ${result.message ?? 'no reason given'}.`, 'error');
  }
}
