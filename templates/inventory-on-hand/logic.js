// Business logic of the inventory on-hand workspace. It runs on the phone, offline too: the
// app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */

/** A count differing from the physical quantity by more than this share is worth a recount… */
const LARGE_DIFFERENCE_SHARE = 0.2;
/** …unless the difference is this small in absolute terms. */
const SMALL_DIFFERENCE = 10;

function quantity(amount, unit) {
  return `${Math.round(amount * 1000) / 1000} ${unit ?? ''}`.trim();
}

/** @param {PageContext} ctx */
export async function onPageOpened(ctx) {
  if (ctx.pageId === 'item' && ctx.record) {
    // The server's total lags behind counts recorded offline: add up what the device has.
    const onHand = await ctx.query('InventoryOnHand', { item: ctx.record.number });
    if (onHand.length > 0) ctx.setValue('totalAvailable', onHand.reduce((sum, row) => sum + (row.availableQuantity ?? 0), 0));
  }
  if (ctx.pageId === 'on-hand-record' && ctx.record && ctx.record.availableQuantity <= 0) {
    const { reservedQuantity, orderedQuantity, unit } = ctx.record;
    ctx.addMessage(`Out of stock: ${quantity(reservedQuantity ?? 0, unit)} reserved, ${quantity(orderedQuantity ?? 0, unit)} on order.`, 'warning');
  }
}

/** @param {ActionContext} ctx */
export function onActionStarted(ctx) {
  if (ctx.actionId !== 'adjust-count' || !ctx.record) return;
  ctx.setLabel('countedQuantity', `Counted quantity (${ctx.record.unit})`);
  ctx.setRequired('note', ctx.values.reason === 'Other');
}

/** @param {FieldChangedContext} ctx */
export function onFieldChanged(ctx) {
  if (ctx.actionId !== 'adjust-count') return;
  if (ctx.field === 'reason') ctx.setRequired('note', ctx.value === 'Other');
  if (ctx.field === 'countedQuantity') {
    ctx.setFieldError('countedQuantity', typeof ctx.value === 'number' && ctx.value < 0 ? 'A count cannot be negative.' : null);
  }
}

/** @param {ActionContext} ctx */
export function onActionValidating(ctx) {
  if (ctx.actionId !== 'adjust-count') return undefined;
  const counted = ctx.values.countedQuantity;
  if (typeof counted !== 'number') return undefined; // the required check reports an empty count
  const { physicalQuantity = 0, unit } = ctx.record;
  if (counted < 0) return { countedQuantity: 'A count cannot be negative.' };
  if (unit === 'pcs' && !Number.isInteger(counted)) return { countedQuantity: 'Count whole pieces.' };
  const difference = counted - physicalQuantity;
  if (Math.abs(difference) > Math.max(SMALL_DIFFERENCE, physicalQuantity * LARGE_DIFFERENCE_SHARE)) {
    ctx.addMessage(`The count differs from the physical quantity (${quantity(physicalQuantity, unit)}) by ${quantity(difference, unit)}: count again before you record it.`, 'warning');
  }
  return undefined;
}
