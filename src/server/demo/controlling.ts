// Cost controlling: cost centres, cost elements, and a budget and actual line per cost centre,
// cost element and period of the current fiscal year (actuals up to the current period).
import type { DataRecord } from '../../logic/api.js';
import { deriveBudget, round2 } from '../domain/derive.js';
import type { User } from '../domain/users.js';
import { table, type Tables } from './master-data.js';
import { usersWithRole } from './people.js';
import { formatKey, type Calendar, type Random } from './random.js';

const centres = ['Company', 'Sales North', 'Sales South', 'Marketing', 'Production', 'Warehouse & logistics', 'IT', 'Finance', 'Human resources', 'Research'];
const elements: Array<[string, 'Primary' | 'Secondary', string]> = [
  ['Salaries', 'Primary', 'Personnel'],
  ['Social security', 'Primary', 'Personnel'],
  ['Raw materials', 'Primary', 'Material'],
  ['External services', 'Primary', 'Services'],
  ['Travel expenses', 'Primary', 'Travel'],
  ['Rent', 'Primary', 'Facilities'],
  ['Energy', 'Primary', 'Facilities'],
  ['Depreciation', 'Primary', 'Depreciation'],
  ['IT allocation', 'Secondary', 'Overhead'],
  ['Admin allocation', 'Secondary', 'Overhead'],
];

function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function controlling(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const managers = usersWithRole(users, 'Manager');
  centres.forEach((name, i) => {
    table(tables, 'CostCentre').push({ code: formatKey('CC-', i + 1), name, manager: managers[i % managers.length]!.id, parent: i === 0 ? null : formatKey('CC-', 1), currency: 'EUR' });
  });
  elements.forEach(([name, elementType, costGroup], i) => table(tables, 'CostElement').push({ code: formatKey('CE-', i + 1), name, elementType, costGroup }));
  let n = 0;
  for (const [i, centre] of table(tables, 'CostCentre').entries()) {
    if (i === 0) continue; // the company node only sums its children
    // A few cost centres run over budget, so "Over budget" has something to show.
    const pressure = i % 4 === 1 ? 1.12 : 0.93;
    for (const [j, element] of table(tables, 'CostElement').entries()) {
      if ((i + j) % 3 === 0) continue;
      const monthly = random.int(2, 60) * 500;
      for (let period = 1; period <= 12; period++) {
        const revised = (i + j + period) % 11 === 0 ? round2(monthly * 1.1) : monthly;
        const actual = period <= calendar.month ? round2(revised * pressure * (0.85 + random.next() * 0.3)) : 0;
        const status = period === calendar.month && (i + j) % 7 === 0 ? 'Requested' : revised !== monthly ? 'Approved' : 'None';
        table(tables, 'CostLine').push({
          id: formatKey('CL-', ++n),
          costCentre: centre.code!,
          costElement: element.code!,
          fiscalYear: calendar.year,
          period,
          periodStart: `${calendar.year}-${String(period).padStart(2, '0')}-01`,
          periodEnd: monthEnd(calendar.year, period),
          originalBudget: monthly,
          revisedBudget: revised,
          actual,
          committed: period >= calendar.month ? random.int(0, 8) * 250 : 0,
          variance: round2(revised - actual),
          revisionStatus: status,
        });
      }
    }
  }
  deriveControlling(tables, calendar.month);
}

function deriveControlling(tables: Tables, currentPeriod: number): void {
  const lines = table(tables, 'CostLine');
  const byCentre = groupBy(lines, 'costCentre');
  const centresList = table(tables, 'CostCentre');
  // The company node has no lines of its own, so sums over all cost centres count each line once.
  for (const centre of centresList) Object.assign(centre, deriveBudget(byCentre.get(String(centre.code)) ?? [], currentPeriod, 'costCentre'));
  const byElement = groupBy(lines, 'costElement');
  for (const element of table(tables, 'CostElement')) Object.assign(element, deriveBudget(byElement.get(String(element.code)) ?? [], currentPeriod, 'costElement'));
}

export function groupBy(records: readonly DataRecord[], field: string): Map<string, DataRecord[]> {
  const groups = new Map<string, DataRecord[]>();
  for (const record of records) {
    const key = String(record[field]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(record);
  }
  return groups;
}
