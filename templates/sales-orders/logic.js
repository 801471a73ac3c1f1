// Business logic of the sales orders workspace. It runs on the phone, offline too: the app
// calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */

const ORDER_ACTIONS = ['new-order', 'new-customer-order', 'edit-order'];
const LINE_ACTIONS = ['add-line', 'edit-line'];
const DRAFT_ONLY_ACTIONS = ['add-line', 'edit-order', 'confirm-order'];

function round(amount) {
  return Math.round(amount * 100) / 100;
}

async function findOne(ctx, entity, filter) {
  const [record] = await ctx.query(entity, filter, { limit: 1 });
  return record;
}

/** A line's amount: quantity × unit price, less the discount. */
function lineAmount(line) {
  return round((line.quantity ?? 0) * (line.unitPrice ?? 0) * (1 - (line.discountPercent ?? 0) / 100));
}

/** @param {PageContext} ctx */
export async function onPageOpened(ctx) {
  if (ctx.pageId === 'order' && ctx.record) {
    // Lines added offline are not in the server's total yet: add up the lines on the device.
    const lines = await ctx.query('SalesOrderLine', { orderNumber: ctx.record.number, status: { ne: 'Cancelled' } });
    ctx.setValue('total', round(lines.reduce((sum, line) => sum + lineAmount(line), 0)));
    ctx.setValue('lineCount', lines.length);
    const isDraft = ctx.record.status === 'Draft';
    for (const action of DRAFT_ONLY_ACTIONS) {
      if (isDraft) ctx.showAction(action);
      else ctx.hideAction(action);
    }
    if (ctx.record.status !== 'Draft' && ctx.record.status !== 'Confirmed') ctx.hideAction('cancel-order');
  }
  if (ctx.pageId === 'customer' && ctx.record) {
    if (ctx.record.blocked) {
      ctx.hideAction('new-customer-order');
      ctx.addMessage('This customer is blocked: no new orders can be taken.', 'warning');
    } else if (ctx.record.creditLimit != null && ctx.record.balance > ctx.record.creditLimit) {
      ctx.addMessage('The open balance is above the credit limit: new orders need the credit department\'s approval.', 'warning');
    }
  }
}

/** @param {ActionContext} ctx */
export function onActionStarted(ctx) {
  if (ctx.actionId === 'new-customer-order' && ctx.record?.blocked) {
    ctx.addMessage('This customer is blocked: no new orders can be taken.', 'error');
  }
}

/** @param {FieldChangedContext} ctx */
export async function onFieldChanged(ctx) {
  if (ctx.actionId === 'add-line' && ctx.field === 'item') await applyItemDefaults(ctx);
  if (ctx.actionId === 'new-order' && ctx.field === 'customer') await applyCustomerDefaults(ctx);
}

/** The unit price comes from the item's sales price; the description from its name. */
async function applyItemDefaults(ctx) {
  ctx.setFieldError('item', null);
  if (!ctx.value) return;
  const item = await findOne(ctx, 'Item', { number: ctx.value });
  if (!item) return; // not on the device: the environment fills the price in when the line syncs
  if (item.blocked) ctx.setFieldError('item', `${item.name} is blocked and cannot be sold.`);
  if (item.salesPrice != null) ctx.setValue('unitPrice', item.salesPrice);
  if (!ctx.values.description) ctx.setValue('description', item.name);
  ctx.setLabel('quantity', `Quantity (${item.unit})`);
}

/** A new order takes the customer's currency. */
async function applyCustomerDefaults(ctx) {
  const customer = ctx.value ? await findOne(ctx, 'Customer', { id: ctx.value }) : undefined;
  if (customer?.currency) ctx.setValue('currency', customer.currency);
}

/** @param {ActionContext} ctx */
export async function onActionValidating(ctx) {
  if (ORDER_ACTIONS.includes(ctx.actionId)) return validateOrder(ctx);
  if (LINE_ACTIONS.includes(ctx.actionId)) return validateLine(ctx);
  if (ctx.actionId === 'confirm-order') {
    const lines = await ctx.query('SalesOrderLine', { orderNumber: ctx.record.number, status: { ne: 'Cancelled' } });
    if (lines.length === 0) return 'Add at least one line before you confirm the order.';
  }
  return undefined;
}

async function validateOrder(ctx) {
  const errors = {};
  const orderDate = ctx.values.orderDate ?? ctx.record?.orderDate;
  const shipDate = ctx.values.requestedShipDate;
  if (shipDate && orderDate && shipDate < orderDate) errors.requestedShipDate = 'The ship date cannot be before the order date.';
  const customerId = ctx.values.customer ?? ctx.record?.customer;
  const customer = customerId ? await findOne(ctx, 'Customer', { id: customerId }) : undefined;
  if (customer?.blocked && 'customer' in ctx.values) errors.customer = `${customer.name} is blocked: no new orders can be taken.`;
  else if (customer?.creditLimit != null && customer.balance > customer.creditLimit) {
    ctx.addMessage(`${customer.name} is above the credit limit: the order needs the credit department's approval.`, 'warning');
  }
  return errors;
}

function validateLine(ctx) {
  const { quantity, unitPrice, discountPercent } = ctx.values;
  const errors = {};
  if (typeof quantity === 'number' && quantity <= 0) errors.quantity = 'The quantity must be more than zero.';
  if (typeof unitPrice === 'number' && unitPrice < 0) errors.unitPrice = 'The unit price cannot be negative.';
  if (typeof discountPercent === 'number' && (discountPercent < 0 || discountPercent > 100)) errors.discountPercent = 'The discount is a percentage from 0 to 100.';
  return errors;
}
