// Business logic of the vendor collaboration workspace. It runs on the phone, offline too:
// the app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').WorkspaceContext} WorkspaceContext */
/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */

const MIN_REASON_LENGTH = 10;

/** The order an action works on: the record itself, or the order of a line. */
async function orderOf(ctx) {
  if (ctx.actionId !== 'change-delivery-date') return ctx.record;
  const [order] = await ctx.query('PurchaseOrder', { number: ctx.record.orderNumber });
  return order;
}

/** The date the new delivery date is compared with: the requested one, or the one promised before. */
function previousDate(ctx) {
  return ctx.actionId === 'change-delivery-date' ? ctx.record.confirmedDeliveryDate : ctx.record?.requestedDeliveryDate;
}

/** @param {WorkspaceContext} ctx */
export async function onWorkspaceOpened(ctx) {
  const late = await ctx.query('PurchaseOrderLine', {
    vendor: '$user.vendorId',
    status: { in: ['Confirmed', 'PartlyReceived'] },
    confirmedDeliveryDate: { lt: '$today' },
  });
  if (late.length > 0) {
    ctx.addMessage(`${late.length} ${late.length === 1 ? 'line is' : 'lines are'} past the promised delivery date: deliver, or promise a new date.`, 'warning');
  }
}

/** @param {PageContext} ctx */
export function onPageOpened(ctx) {
  if (ctx.pageId !== 'order' || !ctx.record) return;
  const isToReview = ctx.record.status === 'Sent';
  for (const action of ['confirm-order', 'decline-order']) {
    if (isToReview) ctx.showAction(action);
    else ctx.hideAction(action);
  }
}

/** @param {ActionContext} ctx */
export function onActionStarted(ctx) {
  if (ctx.actionId === 'confirm-order' || ctx.actionId === 'change-delivery-date') explainLaterDate(ctx, ctx.values.confirmedDeliveryDate);
}

/** @param {FieldChangedContext} ctx */
export function onFieldChanged(ctx) {
  if (ctx.field === 'confirmedDeliveryDate') explainLaterDate(ctx, ctx.value);
}

/** A date later than the buyer asked for (or than promised before) needs a word to the buyer. */
function explainLaterDate(ctx, date) {
  const previous = previousDate(ctx);
  const isLater = Boolean(date && previous && date > previous);
  ctx.setRequired('note', isLater);
  ctx.setLabel('note', isLater ? `Why later than ${previous}?` : 'Note to the buyer');
}

/** @param {ActionContext} ctx */
export async function onActionValidating(ctx) {
  if (ctx.actionId === 'decline-order') {
    const reason = (ctx.values.reason ?? '').trim();
    if (reason && reason.length < MIN_REASON_LENGTH) return { reason: `Tell the buyer why, so they can find another way (at least ${MIN_REASON_LENGTH} characters).` };
    return undefined;
  }
  if (ctx.actionId === 'confirm-order' && ctx.record.status !== 'Sent') {
    return `This order is no longer waiting for your confirmation (it is ${ctx.record.status}).`;
  }
  const date = ctx.values.confirmedDeliveryDate;
  if (!date) return undefined; // the required check reports it
  const order = await orderOf(ctx);
  if (order?.orderDate && date < order.orderDate) {
    return { confirmedDeliveryDate: `The delivery date cannot be before the order date (${order.orderDate}).` };
  }
  if (date < ctx.today) return { confirmedDeliveryDate: 'The delivery date cannot be in the past.' };
  return undefined;
}
