// Business logic of the cost controlling workspace. It runs on the phone, offline too: the
// app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */

const MIN_REASON_LENGTH = 15;

function round(amount) {
  return Math.round(amount * 100) / 100;
}

function sum(lines, field) {
  return round(lines.reduce((total, line) => total + (line[field] ?? 0), 0));
}

/** This fiscal year's cost lines of a cost centre or cost element, up to today. */
function linesToDate(ctx, filter) {
  return ctx.query('CostLine', { ...filter, fiscalYear: Number(ctx.today.slice(0, 4)), periodStart: { lte: '$today' } });
}

/**
 * The figures of a cost centre or element, computed from its lines on the device, so that
 * they agree with the lines the page lists (the server's figures may be from last night).
 */
function showFigures(ctx, lines) {
  const budget = sum(lines, 'revisedBudget');
  const actual = sum(lines, 'actual');
  ctx.setValue('budgetYearToDate', budget);
  ctx.setValue('actualYearToDate', actual);
  ctx.setValue('varianceYearToDate', round(budget - actual));
  return { budget, actual };
}

/** @param {PageContext} ctx */
export async function onPageOpened(ctx) {
  if (!ctx.record) return;
  if (ctx.pageId === 'cost-centre') {
    const lines = await linesToDate(ctx, { costCentre: ctx.record.code });
    const { budget, actual } = showFigures(ctx, lines);
    const current = lines.filter((line) => line.periodEnd >= ctx.today);
    ctx.setValue('budgetPeriod', sum(current, 'revisedBudget'));
    ctx.setValue('actualPeriod', sum(current, 'actual'));
    ctx.setValue('variancePeriod', round(sum(current, 'revisedBudget') - sum(current, 'actual')));
    if (ctx.record.budgetYear) ctx.setValue('consumedPercent', Math.round((actual / ctx.record.budgetYear) * 1000) / 10);
    if (actual > budget) ctx.addMessage(`Over budget by ${round(actual - budget)} ${ctx.record.currency ?? ''}`.trim() + ' year to date.', 'warning');
  }
  if (ctx.pageId === 'cost-element') showFigures(ctx, await linesToDate(ctx, { costElement: ctx.record.code }));
  if (ctx.pageId === 'cost-line' && ctx.record.revisionStatus === 'Requested') {
    ctx.hideAction('request-revision');
    ctx.addMessage('A budget revision is already requested for this line.', 'info');
  }
}

/** @param {ActionContext} ctx */
export function onActionStarted(ctx) {
  if (ctx.actionId === 'request-revision' && ctx.record) ctx.setLabel('newBudget', `New budget (now ${ctx.record.revisedBudget})`);
}

/** @param {ActionContext} ctx */
export function onActionValidating(ctx) {
  if (ctx.actionId !== 'request-revision') return undefined;
  const { newBudget, reason } = ctx.values;
  const errors = {};
  if (typeof newBudget === 'number') {
    if (newBudget < 0) errors.newBudget = 'A budget cannot be negative.';
    else if (newBudget === ctx.record.revisedBudget) errors.newBudget = 'This is the current budget: enter the budget you need.';
    else {
      const spent = round((ctx.record.actual ?? 0) + (ctx.record.committed ?? 0));
      if (newBudget < spent) ctx.addMessage(`The new budget is below what is already spent or committed (${spent}).`, 'warning');
    }
  }
  if (typeof reason === 'string' && reason.trim().length < MIN_REASON_LENGTH) {
    errors.reason = `Explain why, for the budget owner (at least ${MIN_REASON_LENGTH} characters).`;
  }
  return errors;
}
