// What the environment fills in or refuses for particular entities before a record is stored:
// item data and line numbers on order lines, the week of a timesheet, hours within a day,
// amounts and quantities above 0, and the line figures, over the transaction's records.
import type { DataRecord } from '../../logic/api.js';
import { deriveLine, weekOf } from './derive.js';
import type { RecordAccess } from './record-access.js';
import { refuse } from './write-checks.js';

/** Amounts and quantities that must be more than 0. */
const positiveFields: Record<string, string[]> = { ExpenseLine: ['amount'], PurchaseOrderLine: ['quantity'], SalesOrderLine: ['quantity'] };

/**
 * Completes `record` of `entity` in place, or refuses it (WriteRefused). Only order lines and
 * timesheet entries look at other records: the others complete without a wait (a push makes
 * thousands of writes, and each wait costs).
 */
export function completeRecord(access: RecordAccess, entity: string, record: DataRecord, isNew: boolean): Promise<void> | undefined {
  const lookup =
    entity === 'PurchaseOrderLine' || entity === 'SalesOrderLine' ? completeOrderLine(access, entity, record, isNew) : entity === 'TimesheetEntry' ? checkTimesheetEntry(access, record) : undefined;
  if (lookup) return lookup.then(() => completeFromRecord(entity, record));
  completeFromRecord(entity, record);
  return undefined;
}

/** What completing needs of the record itself only. */
function completeFromRecord(entity: string, record: DataRecord): void {
  if (entity === 'Timesheet' && typeof record.periodStart === 'string') Object.assign(record, weekOf(record.periodStart));
  for (const field of positiveFields[entity] ?? []) {
    if (typeof record[field] === 'number' && (record[field] as number) <= 0) refuse('unprocessable', `\`${field}\` must be more than 0.`, field);
  }
  Object.assign(record, deriveLine(entity, record));
}

async function completeOrderLine(access: RecordAccess, entity: 'PurchaseOrderLine' | 'SalesOrderLine', record: DataRecord, isNew: boolean): Promise<void> {
  const item = await access.get('Item', String(record.item));
  if (item && !item.deleted) {
    if (item.data.blocked === true) refuse('unprocessable', `Item ${String(record.item)} is blocked: it cannot be ordered or sold.`, 'item');
    record.unit = item.data.unit ?? null;
    record.unitPrice ??= item.data[entity === 'PurchaseOrderLine' ? 'purchasePrice' : 'salesPrice'] ?? null;
    record.description ??= item.data.name ?? null;
  }
  if (isNew) record.lineNumber = Math.max(0, ...(await access.find(entity, 'orderNumber', String(record.orderNumber))).map((line) => Number(line.record.data.lineNumber) || 0)) + 1;
}

async function checkTimesheetEntry(access: RecordAccess, record: DataRecord): Promise<void> {
  const sheet = (await access.get('Timesheet', String(record.timesheetNumber)))?.data;
  if (sheet && typeof record.date === 'string' && (record.date < String(sheet.periodStart) || record.date > String(sheet.periodEnd))) {
    refuse('unprocessable', `The date must be in the timesheet's week (${String(sheet.periodStart)} to ${String(sheet.periodEnd)}).`, 'date');
  }
  if (typeof record.hours === 'number' && (record.hours <= 0 || record.hours > 24)) refuse('unprocessable', 'Hours must be more than 0 and at most 24.', 'hours');
}
