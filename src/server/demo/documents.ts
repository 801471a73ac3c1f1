// The demo company's documents and their lines: expense reports, purchase orders, sales
// orders and timesheets, in every status, with totals derived from the lines.
import type { DataRecord } from '../../logic/api.js';
import { deriveLine, deriveTotals, round2, weekOf } from '../domain/derive.js';
import type { User } from '../domain/users.js';
import { groupBy } from './controlling.js';
import { table, type Tables } from './master-data.js';
import { usersWithRole } from './people.js';
import { formatKey, type Calendar, type Random } from './random.js';

const purposes = ['Customer visit', 'Trade fair', 'Team workshop', 'Supplier audit', 'Training course', 'Project kick-off', 'Conference', 'Site inspection'];
const merchants: Record<string, string[]> = {
  Travel: ['Lufthansa', 'SNCF', 'Deutsche Bahn', 'KLM'],
  Hotel: ['Hotel Adler', 'Ibis', 'Novotel', 'Radisson Blu'],
  Meals: ['Café Central', 'Trattoria Roma', 'Noodle Bar', 'Bistro 21'],
  Taxi: ['City Taxi', 'Uber', 'FreeNow'],
  Fuel: ['Shell', 'Aral', 'TotalEnergies'],
  'Office supplies': ['Staples', 'Viking'],
  Training: ['Udemy', 'TÜV Akademie'],
  Mileage: ['Own car'],
};

function statusOf(random: Random, weights: Array<[string, number]>): string {
  let roll = random.next() * weights.reduce((total, [, weight]) => total + weight, 0);
  for (const [status, weight] of weights) if ((roll -= weight) < 0) return status;
  return weights[0]![0];
}

export function expenses(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const categories = table(tables, 'ExpenseCategory');
  const receiptRequired = new Map(categories.map((c) => [String(c.code), c.receiptRequired === true]));
  const projectIds = table(tables, 'Project')
    .filter((p) => p.status === 'Active')
    .map((p) => String(p.id));
  let reportNumber = 0;
  let lineNumber = 0;
  for (const user of usersWithRole(users, 'Employee')) {
    for (let r = 0; r < 5; r++) {
      const status =
        r === 0
          ? 'Draft'
          : statusOf(random, [
              ['Draft', 1],
              ['Submitted', 2],
              ['Approved', 2],
              ['Rejected', 1],
              ['Paid', 4],
            ]);
      const created = r === 0 ? -random.int(0, 3) : -random.int(5, 120);
      const report: DataRecord = {
        number: formatKey('EXP-', ++reportNumber),
        purpose: `${random.pick(purposes)} ${random.pick(['Hamburg', 'Lyon', 'Milan', 'Vienna', 'Zurich'])}`,
        project: random.chance(0.6) ? random.pick(projectIds) : null,
        costCentre: formatKey('CC-', random.int(2, 10)),
        currency: 'EUR',
        status,
        owner: user.id,
        approver: user.attributes.managerId ?? null,
        rejectionReason: status === 'Rejected' ? random.pick(['Please attach the hotel invoice.', 'Meals above the daily limit.', 'Wrong cost centre.']) : null,
        createdAt: calendar.at(created, random.int(7, 18), random.int(0, 59)),
        submittedAt: status === 'Draft' ? null : calendar.at(created + 2, random.int(7, 18), random.int(0, 59)),
        paidAt: status === 'Paid' ? calendar.day(created + random.int(7, 20)) : null,
      };
      const lines: DataRecord[] = [];
      for (let l = 0, count = random.int(1, 6); l < count; l++) {
        const category = random.pick(categories);
        const categoryName = String(category.name);
        const needsReceipt = category.receiptRequired === true;
        const isOpen = status === 'Draft' || status === 'Rejected';
        lines.push({
          id: formatKey('EXL-', ++lineNumber),
          reportNumber: report.number!,
          date: r === 0 && l === 0 ? calendar.today : calendar.day(created - random.int(0, 5)),
          category: category.code!,
          merchant: random.pick(merchants[categoryName] ?? ['Various']),
          description: `${categoryName}, ${String(report.purpose)}`,
          amount: random.money(5, Math.min(Number(category.maxAmount), 600)),
          currency: 'EUR',
          paymentMethod: random.pick(['CompanyCard', 'CompanyCard', 'PersonalCard', 'Cash']),
          // Submitted reports have every receipt they need; open ones may still miss some.
          receiptAttached: needsReceipt ? !(isOpen && random.chance(0.35)) : random.chance(0.3),
          receiptNote: null,
          owner: user.id,
          status,
          createdAt: report.createdAt!,
        });
      }
      Object.assign(
        report,
        deriveTotals('ExpenseReport', lines, (code) => receiptRequired.get(code) ?? false),
      );
      table(tables, 'ExpenseReport').push(report);
      table(tables, 'ExpenseLine').push(...lines);
    }
  }
}

const poLineStatus: Record<string, string> = { Confirmed: 'Confirmed', Received: 'Received', Declined: 'Cancelled', Cancelled: 'Cancelled' };

export function purchaseOrders(tables: Tables, users: readonly User[], random: Random, calendar: Calendar, vendorIdsWithPeople: readonly string[]): void {
  const buyers = usersWithRole(users, 'Purchaser');
  const vendors = table(tables, 'Vendor')
    .filter((v) => v.blocked !== true)
    .map((v) => String(v.id));
  const warehouses = table(tables, 'Warehouse').map((w) => String(w.code));
  const stockItems = table(tables, 'Item').filter((item) => item.itemGroup !== 'Service' && item.blocked !== true);
  let lineNumber = 0;
  for (let n = 1; n <= 90; n++) {
    const buyer = buyers[n % buyers.length]!;
    // Half the orders go to vendors whose people can sign in, so vendor-collaboration has data.
    const vendor = n % 2 === 0 ? vendorIdsWithPeople[(n / 2) % vendorIdsWithPeople.length]! : random.pick(vendors);
    const status = statusOf(random, [
      ['Draft', 1],
      ['AwaitingApproval', 3],
      ['Rejected', 1],
      ['Sent', 3],
      ['Confirmed', 3],
      ['Declined', 1],
      ['Received', 2],
      ['Cancelled', 1],
    ]);
    const created = -random.int(1, 90);
    const wasSent = ['Sent', 'Confirmed', 'Declined', 'Received'].includes(status) || (status === 'Cancelled' && random.chance(0.5));
    const requested = calendar.day(created + random.int(14, 60));
    const confirmed = ['Confirmed', 'Received'].includes(status) ? calendar.day(created + random.int(10, 70)) : null;
    const order: DataRecord = {
      number: formatKey('PO-', n),
      vendor,
      description: `${random.pick(['Restock', 'Project material', 'Maintenance parts', 'Office needs', 'Safety equipment'])} ${random.pick(['Q1', 'Q2', 'Q3', 'Q4', 'urgent', 'monthly'])}`,
      orderDate: calendar.day(created),
      requestedDeliveryDate: requested,
      confirmedDeliveryDate: confirmed,
      deliveryWarehouse: random.pick(warehouses),
      costCentre: formatKey('CC-', random.int(2, 10)),
      currency: 'EUR',
      status,
      buyer: buyer.id,
      approver: buyer.attributes.managerId ?? null,
      approverComment: wasSent && random.chance(0.3) ? 'Approved within budget.' : null,
      rejectionReason: status === 'Rejected' ? 'Please get a second quote.' : null,
      vendorNote: status === 'Declined' ? 'We cannot deliver these items this quarter.' : status === 'Confirmed' && random.chance(0.4) ? 'Delivery in two parts.' : null,
      createdAt: calendar.at(created, random.int(7, 17), random.int(0, 59)),
      submittedAt: status === 'Draft' ? null : calendar.at(created + 1, random.int(7, 17), random.int(0, 59)),
      sentAt: wasSent ? calendar.at(created + 2, random.int(7, 17), random.int(0, 59)) : null,
    };
    const lines: DataRecord[] = [];
    for (let l = 1, count = random.int(1, 5); l <= count; l++) {
      const item = random.pick(stockItems);
      const lineStatus = poLineStatus[status] ?? 'Open';
      const quantity = random.int(1, 50) * (Number(item.purchasePrice) < 1 ? 100 : 1);
      const line: DataRecord = {
        id: formatKey('POL-', ++lineNumber),
        orderNumber: order.number!,
        lineNumber: l,
        item: item.number!,
        description: String(item.name),
        quantity,
        unit: item.unit!,
        unitPrice: item.purchasePrice!,
        requestedDeliveryDate: requested,
        confirmedDeliveryDate: confirmed,
        receivedQuantity: lineStatus === 'Received' ? quantity : 0,
        vendor,
        approver: order.approver!,
        status: lineStatus === 'Confirmed' && random.chance(0.2) ? 'PartlyReceived' : lineStatus,
      };
      lines.push({ ...line, ...deriveLine('PurchaseOrderLine', line) });
    }
    Object.assign(order, deriveTotals('PurchaseOrder', lines));
    table(tables, 'PurchaseOrder').push(order);
    table(tables, 'PurchaseOrderLine').push(...lines);
  }
}

const soLineStatus: Record<string, string> = { Draft: 'Open', Confirmed: 'Reserved', Shipped: 'Shipped', Invoiced: 'Shipped', Cancelled: 'Cancelled' };

export function salesOrders(tables: Tables, random: Random, calendar: Calendar): void {
  const customers = table(tables, 'Customer').filter((c) => c.blocked !== true);
  const warehouses = table(tables, 'Warehouse').map((w) => String(w.code));
  const saleable = table(tables, 'Item').filter((item) => item.blocked !== true);
  let lineNumber = 0;
  for (let n = 1; n <= 100; n++) {
    const customer = customers[(n * 7) % customers.length]!;
    const status = statusOf(random, [
      ['Draft', 2],
      ['Confirmed', 3],
      ['Shipped', 2],
      ['Invoiced', 3],
      ['Cancelled', 1],
    ]);
    const ordered = n % 15 === 0 ? 0 : -random.int(0, 120);
    const order: DataRecord = {
      number: formatKey('SO-', n),
      customer: customer.id!,
      customerReference: random.chance(0.7) ? `PO-${customer.id}-${random.int(100, 999)}` : null,
      orderDate: calendar.day(ordered),
      requestedShipDate: calendar.day(ordered + random.int(3, 30)),
      shippingWarehouse: random.pick(warehouses),
      deliveryAddress: `${String(customer.street)}\n${String(customer.city)}, ${String(customer.country)}`,
      currency: customer.currency!,
      status,
      salesRep: customer.salesRep!,
      createdAt: calendar.at(ordered, random.int(7, 17), random.int(0, 59)),
    };
    const lines: DataRecord[] = [];
    for (let l = 1, count = random.int(1, 4); l <= count; l++) {
      const item = random.pick(saleable);
      const line: DataRecord = {
        id: formatKey('SOL-', ++lineNumber),
        orderNumber: order.number!,
        lineNumber: l,
        item: item.number!,
        description: String(item.name),
        quantity: random.int(1, 40),
        unit: item.unit!,
        unitPrice: item.salesPrice!,
        discountPercent: random.pick([0, 0, 0, 5, 10]),
        customer: customer.id!,
        status: soLineStatus[status] ?? 'Open',
      };
      lines.push({ ...line, ...deriveLine('SalesOrderLine', line) });
    }
    Object.assign(order, deriveTotals('SalesOrder', lines));
    table(tables, 'SalesOrder').push(order);
    table(tables, 'SalesOrderLine').push(...lines);
  }
}

const entryCategories = ['Development', 'Design', 'Meeting', 'Support', 'Travel', 'Training', 'Administration'];

export function timesheets(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const projectIds = table(tables, 'Project')
    .filter((p) => p.status === 'Active')
    .map((p) => String(p.id));
  const billable = new Map(table(tables, 'Project').map((p) => [String(p.id), p.billable === true]));
  let sheetNumber = 0;
  let entryNumber = 0;
  const thisWeek = weekOf(calendar.today);
  for (const user of usersWithRole(users, 'ProjectMember')) {
    for (let week = 7; week >= 0; week--) {
      const { periodStart, periodEnd } = weekOf(calendar.day(-7 * week));
      const status = week === 0 ? 'Open' : week === 1 ? random.pick(['Open', 'Submitted']) : week === 3 && sheetNumber % 3 === 0 ? 'Rejected' : 'Approved';
      const sheet: DataRecord = {
        number: formatKey('TS-', ++sheetNumber),
        periodStart,
        periodEnd,
        status,
        owner: user.id,
        approver: user.attributes.managerId ?? null,
        rejectionReason: status === 'Rejected' ? 'Please book the workshop on the customer project.' : null,
        submittedAt: status === 'Open' ? null : `${periodEnd}T16:00:00Z`,
      };
      const entries: DataRecord[] = [];
      for (let day = 0; day < 5; day++) {
        const date = new Date(Date.parse(`${periodStart}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
        if (periodStart === thisWeek.periodStart && date > calendar.today) break;
        for (let e = 0, count = random.int(1, 2); e < count; e++) {
          const project = random.pick(projectIds);
          entries.push({
            id: formatKey('TSE-', ++entryNumber),
            timesheetNumber: sheet.number!,
            date,
            project,
            category: random.pick(entryCategories),
            hours: round2(random.int(2, 8) / (count === 2 ? 2 : 1) + (random.chance(0.3) ? 0.5 : 0)),
            billable: billable.get(project) ?? false,
            comment: random.chance(0.3) ? random.pick(['Sprint review', 'Customer call', 'Bug fixing', 'Planning', 'Documentation']) : null,
            owner: user.id,
            status,
          });
        }
      }
      Object.assign(sheet, deriveTotals('Timesheet', entries));
      table(tables, 'Timesheet').push(sheet);
      table(tables, 'TimesheetEntry').push(...entries);
    }
  }
}

export function itemAvailability(tables: Tables): void {
  const byItem = groupBy(table(tables, 'InventoryOnHand'), 'item');
  for (const item of table(tables, 'Item')) Object.assign(item, deriveTotals('Item', byItem.get(String(item.number)) ?? []));
}
