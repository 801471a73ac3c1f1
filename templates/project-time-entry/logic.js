// Business logic of the project time entry workspace. It runs on the phone, offline too:
// the app calls these handlers at the moments their names say (docs/business-logic.md).
// Run its tests with `mwkit test`; they live in logic.test.yaml beside this file.

/** @typedef {import('mwkit/types/logic').PageContext} PageContext */
/** @typedef {import('mwkit/types/logic').ActionContext} ActionContext */
/** @typedef {import('mwkit/types/logic').FieldChangedContext} FieldChangedContext */

const HOURS_PER_DAY = 24;
const ENTRY_ACTIONS = ['add-hours', 'log-hours', 'edit-entry'];
const EDITABLE_STATUSES = ['Open', 'Rejected'];

function round(hours) {
  return Math.round(hours * 100) / 100;
}

/** The Monday of the week of an ISO date, as an ISO date (timesheets run Monday to Sunday). */
function mondayOf(isoDate) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

async function timesheetOf(ctx) {
  const number = ctx.values.timesheetNumber ?? ctx.record?.timesheetNumber;
  if (!number) return undefined;
  const [timesheet] = await ctx.query('Timesheet', { number });
  return timesheet;
}

/** The user's open timesheets that cover a date: what log-hours offers to choose from. */
function timesheetsCovering(date) {
  return { owner: '$user', status: { in: EDITABLE_STATUSES }, periodStart: { lte: date }, periodEnd: { gte: date } };
}

/** @param {PageContext} ctx */
export async function onPageOpened(ctx) {
  if (ctx.pageId !== 'timesheet' || !ctx.record) return;
  // Hours logged offline are not in the server's totals yet: add up the entries on the device.
  const entries = await ctx.query('TimesheetEntry', { timesheetNumber: ctx.record.number });
  ctx.setValue('totalHours', round(entries.reduce((sum, e) => sum + (e.hours ?? 0), 0)));
  ctx.setValue('billableHours', round(entries.filter((e) => e.billable).reduce((sum, e) => sum + (e.hours ?? 0), 0)));
  const isEditable = EDITABLE_STATUSES.includes(ctx.record.status);
  for (const action of ['add-hours', 'submit-timesheet']) {
    if (isEditable) ctx.showAction(action);
    else ctx.hideAction(action);
  }
  if (ctx.record.status === 'Submitted') ctx.showAction('recall-timesheet');
  else ctx.hideAction('recall-timesheet');
}

/** @param {ActionContext} ctx */
export async function onActionStarted(ctx) {
  if (ctx.actionId !== 'log-hours') return;
  await chooseTimesheetFor(ctx, ctx.values.date);
}

/** Offers only the timesheets that cover the entry's date, and picks the only one there is. */
async function chooseTimesheetFor(ctx, date) {
  if (!date) return;
  const filter = timesheetsCovering(date);
  ctx.setLookupFilter('timesheetNumber', filter);
  const timesheets = await ctx.query('Timesheet', filter);
  if (timesheets.length === 1) ctx.setValue('timesheetNumber', timesheets[0].number);
}

/** @param {FieldChangedContext} ctx */
export async function onFieldChanged(ctx) {
  if (!ENTRY_ACTIONS.includes(ctx.actionId)) return;
  if (ctx.field === 'project' && ctx.value) {
    // Billable by default when the project is billed to a customer.
    const [project] = await ctx.query('Project', { id: ctx.value });
    if (project && typeof project.billable === 'boolean') ctx.setValue('billable', project.billable);
  }
  if (ctx.field === 'date' && ctx.actionId === 'log-hours') await chooseTimesheetFor(ctx, ctx.value);
}

/** @param {ActionContext} ctx */
export async function onActionValidating(ctx) {
  if (ENTRY_ACTIONS.includes(ctx.actionId)) return validateEntry(ctx);
  if (ctx.actionId === 'new-timesheet') return validateNewTimesheet(ctx);
  if (ctx.actionId === 'submit-timesheet') {
    const entries = await ctx.query('TimesheetEntry', { timesheetNumber: ctx.record.number });
    if (entries.length === 0) return 'Record some hours before you submit the timesheet.';
  }
  return undefined;
}

async function validateEntry(ctx) {
  const { date, hours } = ctx.values;
  if (typeof hours === 'number' && hours <= 0) return { hours: 'Enter the hours you worked (more than zero).' };
  const timesheet = await timesheetOf(ctx);
  if (timesheet && !EDITABLE_STATUSES.includes(timesheet.status)) return `Timesheet ${timesheet.number} is ${timesheet.status}: recall it before you change its hours.`;
  if (timesheet && date && (date < timesheet.periodStart || date > timesheet.periodEnd)) {
    return { date: `The date is outside the timesheet's week (${timesheet.periodStart} to ${timesheet.periodEnd}).` };
  }
  if (typeof hours !== 'number' || !date) return undefined; // the required check reports them
  const sameDay = await ctx.query('TimesheetEntry', { owner: '$user', date });
  const others = sameDay.filter((entry) => entry.id !== ctx.record?.id || ctx.actionId !== 'edit-entry');
  const dayTotal = round(others.reduce((sum, entry) => sum + (entry.hours ?? 0), 0) + hours);
  if (dayTotal > HOURS_PER_DAY) {
    return { hours: `That makes ${dayTotal} hours on ${date}: a day has ${HOURS_PER_DAY}.` };
  }
  return undefined;
}

async function validateNewTimesheet(ctx) {
  const start = ctx.values.periodStart;
  if (!start) return undefined;
  const monday = mondayOf(start);
  const existing = await ctx.query('Timesheet', { owner: '$user', periodStart: monday });
  if (existing.length > 0) return { periodStart: `You already have timesheet ${existing[0].number} for the week of ${monday}.` };
  return undefined;
}
