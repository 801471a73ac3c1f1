// Fields the environment computes itself (read-only in the catalog): line amounts, totals of
// a document from its lines, available quantities, budget figures. Pure functions over plain
// records, used by the demo seed and by every write, so the figures always add up.
import type { DataRecord, Value } from '../../logic/api.js';

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function num(value: Value | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function sum(records: readonly DataRecord[], field: string): number {
  return round2(records.reduce((total, record) => total + num(record[field]), 0));
}

/** A line's own computed fields, from its other fields. */
export function deriveLine(entity: string, line: DataRecord): DataRecord {
  switch (entity) {
    case 'PurchaseOrderLine':
      return { amount: round2(num(line.quantity) * num(line.unitPrice)) };
    case 'SalesOrderLine':
      return { amount: round2(num(line.quantity) * num(line.unitPrice) * (1 - num(line.discountPercent) / 100)) };
    case 'InventoryOnHand':
      return { availableQuantity: round2(num(line.physicalQuantity) - num(line.reservedQuantity)) };
    default:
      return {};
  }
}

/** A document's figures from its lines; `receiptRequired` tells which expense categories need receipts. */
export function deriveTotals(entity: string, children: readonly DataRecord[], receiptRequired: (category: string) => boolean = () => false): DataRecord {
  switch (entity) {
    case 'ExpenseReport':
      return {
        total: sum(children, 'amount'),
        lineCount: children.length,
        missingReceipts: children.filter((line) => line.receiptAttached !== true && receiptRequired(String(line.category))).length,
      };
    case 'PurchaseOrder':
    case 'SalesOrder':
      return { total: sum(children, 'amount'), lineCount: children.length };
    case 'Timesheet':
      return {
        totalHours: sum(children, 'hours'),
        billableHours: sum(
          children.filter((entry) => entry.billable === true),
          'hours',
        ),
      };
    case 'Item':
      return { totalAvailable: sum(children, 'availableQuantity') };
    default:
      return {};
  }
}

/** The Monday of the week of an ISO date, and the Sunday after it. */
export function weekOf(isoDate: string): { periodStart: string; periodEnd: string } {
  const date = new Date(`${isoDate}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { periodStart: monday.toISOString().slice(0, 10), periodEnd: sunday.toISOString().slice(0, 10) };
}

/** Budget and actual figures of cost centres (by `costCentre`) or cost elements (by `costElement`). */
export function deriveBudget(lines: readonly DataRecord[], currentPeriod: number, by: 'costCentre' | 'costElement'): DataRecord {
  const toDate = lines.filter((line) => num(line.period) <= currentPeriod);
  const current = lines.filter((line) => num(line.period) === currentPeriod);
  const budgetYearToDate = sum(toDate, 'revisedBudget');
  const actualYearToDate = sum(toDate, 'actual');
  const figures: DataRecord = { budgetYearToDate, actualYearToDate, varianceYearToDate: round2(budgetYearToDate - actualYearToDate) };
  if (by === 'costElement') return figures;
  const budgetYear = sum(lines, 'revisedBudget');
  const budgetPeriod = sum(current, 'revisedBudget');
  const actualPeriod = sum(current, 'actual');
  return {
    ...figures,
    budgetYear,
    budgetPeriod,
    actualPeriod,
    variancePeriod: round2(budgetPeriod - actualPeriod),
    consumedPercent: budgetYear > 0 ? Math.round((actualYearToDate / budgetYear) * 1000) / 10 : 0,
    overBudget: actualYearToDate > budgetYearToDate,
  };
}

/** Documents whose figures come from other records: child entity → the field naming the document. */
export const totalsLinks: Readonly<Record<string, { field: string; entity: string }>> = {
  ExpenseLine: { field: 'reportNumber', entity: 'ExpenseReport' },
  PurchaseOrderLine: { field: 'orderNumber', entity: 'PurchaseOrder' },
  SalesOrderLine: { field: 'orderNumber', entity: 'SalesOrder' },
  TimesheetEntry: { field: 'timesheetNumber', entity: 'Timesheet' },
  InventoryOnHand: { field: 'item', entity: 'Item' },
};
