// The demo company's master data: warehouses, vendors, customers, items and their stock,
// projects, expense categories and contacts.
import type { DataRecord } from '../../logic/api.js';
import { deriveLine, round2 } from '../domain/derive.js';
import { usersWithRole } from './people.js';
import { formatKey, type Calendar, type Random } from './random.js';
import type { User } from '../domain/users.js';

export type Tables = Map<string, DataRecord[]>;

export function table(tables: Tables, entity: string): DataRecord[] {
  let rows = tables.get(entity);
  if (!rows) tables.set(entity, (rows = []));
  return rows;
}

const cities: Array<[city: string, country: string, currency: string]> = [
  ['Hamburg', 'DE', 'EUR'],
  ['Munich', 'DE', 'EUR'],
  ['Rotterdam', 'NL', 'EUR'],
  ['Lyon', 'FR', 'EUR'],
  ['Milan', 'IT', 'EUR'],
  ['Zurich', 'CH', 'CHF'],
  ['Gothenburg', 'SE', 'SEK'],
  ['Manchester', 'GB', 'GBP'],
  ['Vienna', 'AT', 'EUR'],
  ['Chicago', 'US', 'USD'],
];

const currencies: Record<string, string> = Object.fromEntries(cities.map(([city, , currency]) => [city, currency]));

export function warehouses(tables: Tables, users: readonly User[]): void {
  const managers = usersWithRole(users, 'Warehouse');
  const sites: Array<[string, string, string]> = [
    ['Central warehouse', 'North', 'Hamburg'],
    ['South hub', 'South', 'Munich'],
    ['Port depot', 'Benelux', 'Rotterdam'],
    ['Lyon store', 'France', 'Lyon'],
  ];
  sites.forEach(([name, site, city], i) => {
    table(tables, 'Warehouse').push({ code: formatKey('WH-', i + 1), name, site, city, manager: managers[i % managers.length]!.id });
  });
}

const vendorNames = [
  'Nordic Fasteners AB',
  'Lumière Packaging SA',
  'Thames Office Supply Ltd',
  'Baltic Steel Trading',
  'Rhein Tools GmbH',
  'Alpine Safety AG',
  'Lago Logistics Srl',
  'Delta Cleaning Services',
  'Vienna Electrical Parts',
  'Midwest Components Inc',
  'Polder Plastics BV',
  'Fjord Energy AS',
];
const vendorGroups = ['Goods', 'Goods', 'Goods', 'Goods', 'Goods', 'Goods', 'Logistics', 'Services', 'Goods', 'Goods', 'Goods', 'Utilities'];

export function vendors(tables: Tables, random: Random): void {
  vendorNames.forEach((name, i) => {
    const [city, country] = cities[(i * 3) % cities.length]!;
    const slug = name.split(' ')[0]!.toLowerCase();
    table(tables, 'Vendor').push({
      id: formatKey('V-', i + 1),
      name,
      vendorGroup: vendorGroups[i]!,
      email: `orders@${slug}.example`,
      phone: `+${random.int(31, 49)} ${random.int(100, 999)} ${random.int(1000, 9999)}`,
      street: `${random.pick(['Harbour', 'Mill', 'Station', 'Market', 'Bridge'])} Street ${random.int(1, 120)}`,
      city,
      country,
      currency: currencies[city]!,
      paymentTerms: random.pick(['Net14', 'Net30', 'Net30', 'Net60', 'Prepaid']),
      blocked: i === 11,
    });
  });
}

const customerWords = [
  ['Alder', 'Beacon', 'Cobalt', 'Dune', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper'],
  ['Retail', 'Foods', 'Engineering', 'Hotels', 'Builders', 'Clinics', 'Motors', 'Textiles'],
];

export function customers(tables: Tables, users: readonly User[], random: Random): void {
  const reps = usersWithRole(users, 'Employee')
    .filter((user) => !user.roles.includes('Manager'))
    .slice(0, 6);
  for (let i = 0; i < 40; i++) {
    const name = `${customerWords[0]![i % 10]} ${customerWords[1]![(i * 7) % 8]}${i >= 20 ? ' Group' : ''}`;
    const [city, country, currency] = cities[i % cities.length]!;
    const creditLimit = random.pick([10_000, 25_000, 50_000, 100_000]);
    table(tables, 'Customer').push({
      id: formatKey('C-', i + 1),
      name,
      customerGroup: random.pick(['Retail', 'Wholesale', 'Industry', 'PublicSector']),
      email: `purchasing@${name.split(' ')[0]!.toLowerCase()}${i}.example`,
      phone: `+${random.int(31, 49)} ${random.int(100, 999)} ${random.int(1000, 9999)}`,
      street: `${random.pick(['Oak', 'Elm', 'Lake', 'King', 'Church'])} Road ${random.int(1, 200)}`,
      city,
      country,
      currency,
      creditLimit,
      balance: random.money(0, creditLimit * 0.6),
      salesRep: reps[i % reps.length]!.id,
      blocked: i % 17 === 16,
    });
  }
}

const itemKinds: Array<[name: string, group: string, unit: string, price: number]> = [
  ['Hex bolt M8x40', 'Component', 'pcs', 0.35],
  ['Hex nut M8', 'Component', 'pcs', 0.08],
  ['Washer 8 mm', 'Component', 'pcs', 0.04],
  ['Steel sheet 2 mm', 'RawMaterial', 'm2', 24],
  ['Aluminium profile 40x40', 'RawMaterial', 'm', 11.5],
  ['Safety gloves', 'Consumable', 'pair', 3.9],
  ['Safety goggles', 'Consumable', 'pcs', 7.5],
  ['Pallet wrap 500 mm', 'Consumable', 'roll', 14],
  ['Cable tie 200 mm', 'Consumable', 'pack', 4.2],
  ['Control unit CU-200', 'FinishedGood', 'pcs', 420],
  ['Sensor module SM-10', 'Component', 'pcs', 38],
  ['Hydraulic hose 1 m', 'Component', 'pcs', 19],
  ['Lubricant 5 l', 'Consumable', 'can', 29],
  ['Workbench WB-120', 'FinishedGood', 'pcs', 310],
  ['Storage bin 40 l', 'FinishedGood', 'pcs', 12.5],
  ['Copper wire 1.5 mm2', 'RawMaterial', 'm', 0.9],
  ['Installation service (hour)', 'Service', 'h', 65],
  ['LED panel 60x60', 'FinishedGood', 'pcs', 49],
  ['Printer paper A4', 'Consumable', 'box', 21],
  ['Gear motor GM-3', 'Component', 'pcs', 135],
];
const variants = ['', ' (small)', ' (large)', ' (bulk)'];

export function items(tables: Tables, random: Random): void {
  const vendorIds = table(tables, 'Vendor')
    .filter((v) => v.blocked !== true && v.vendorGroup === 'Goods')
    .map((v) => String(v.id));
  for (let i = 0; i < 80; i++) {
    const [name, group, unit, price] = itemKinds[i % itemKinds.length]!;
    const variant = variants[Math.floor(i / itemKinds.length)]!;
    const purchasePrice = round2(price * (1 + Math.floor(i / itemKinds.length) * 0.15));
    table(tables, 'Item').push({
      number: formatKey('I-', i + 1),
      name: `${name}${variant}`,
      description: `${name}${variant}, ${group === 'Service' ? 'billed per hour' : `sold per ${unit}`}.`,
      itemGroup: group,
      unit,
      barcode: `40${String(1_000_000_000 + i * 7919).slice(0, 11)}`,
      purchasePrice,
      salesPrice: round2(purchasePrice * random.pick([1.3, 1.4, 1.6])),
      defaultVendor: group === 'Service' ? null : vendorIds[i % vendorIds.length]!,
      totalAvailable: 0,
      blocked: i % 29 === 28,
    });
  }
}

export function onHand(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const counters = usersWithRole(users, 'Warehouse');
  let n = 0;
  for (const item of table(tables, 'Item')) {
    if (item.itemGroup === 'Service') continue;
    for (const warehouse of table(tables, 'Warehouse')) {
      if (!random.chance(0.7)) continue;
      const physical = random.chance(0.08) ? 0 : random.int(0, 600);
      const reserved = Math.min(physical + random.int(0, 20), random.int(0, Math.ceil(physical * 0.4) + 5));
      const daysAgo = random.chance(0.1) ? 0 : random.int(1, 120);
      const row: DataRecord = {
        id: formatKey('OH-', ++n),
        item: item.number!,
        itemName: item.name!,
        warehouse: warehouse.code!,
        location: `${random.pick(['A', 'B', 'C', 'D'])}-${String(random.int(1, 30)).padStart(2, '0')}-${random.int(1, 5)}`,
        unit: item.unit!,
        physicalQuantity: physical,
        reservedQuantity: reserved,
        orderedQuantity: random.chance(0.3) ? random.int(10, 300) : 0,
        lastCountedAt: calendar.at(-daysAgo, random.int(6, 16), random.int(0, 59)),
        lastCountedBy: random.pick(counters).id,
      };
      table(tables, 'InventoryOnHand').push({ ...row, ...deriveLine('InventoryOnHand', row) });
    }
  }
}

const projectNames = [
  'ERP rollout',
  'Warehouse automation',
  'Customer portal',
  'Plant maintenance 2.0',
  'Mobile sales',
  'Data platform',
  'Energy audit',
  'Office relocation',
  'Quality programme',
  'Supplier onboarding',
  'Field service app',
  'Training academy',
  'Security upgrade',
  'Product launch X3',
  'Cost review',
];

export function projects(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const managers = usersWithRole(users, 'Manager');
  const customerIds = table(tables, 'Customer').map((c) => String(c.id));
  const centres = table(tables, 'CostCentre').map((c) => String(c.code));
  projectNames.forEach((name, i) => {
    const start = -random.int(30, 400);
    table(tables, 'Project').push({
      id: formatKey('P-', i + 1),
      name,
      customer: i % 3 === 0 ? null : customerIds[i * 2]!,
      costCentre: centres[(i % (centres.length - 1)) + 1]!,
      projectManager: managers[i % managers.length]!.id,
      status: i === 13 ? 'OnHold' : i === 14 ? 'Closed' : 'Active',
      startDate: calendar.day(start),
      endDate: calendar.day(start + random.int(180, 720)),
      billable: i % 3 !== 0,
    });
  });
}

export function expenseCategories(tables: Tables): void {
  const categories: Array<[string, boolean, number]> = [
    ['Travel', true, 2000],
    ['Hotel', true, 400],
    ['Meals', true, 80],
    ['Taxi', true, 150],
    ['Fuel', false, 150],
    ['Office supplies', true, 250],
    ['Training', true, 3000],
    ['Mileage', false, 500],
  ];
  categories.forEach(([name, receiptRequired, maxAmount], i) => table(tables, 'ExpenseCategory').push({ code: formatKey('CAT-', i + 1), name, receiptRequired, maxAmount }));
}

const firstNames = ['Ada', 'Ben', 'Cleo', 'Dan', 'Edith', 'Felix', 'Gina', 'Hugo', 'Ines', 'Jan', 'Kim', 'Leo', 'Maja', 'Nina', 'Oskar'];
const lastNames = ['Adler', 'Baker', 'Costa', 'Dahl', 'Evans', 'Frank', 'Gruber', 'Hale', 'Ito', 'Jensen', 'Klein', 'Moreau'];

export function contacts(tables: Tables, users: readonly User[], random: Random, calendar: Calendar): void {
  const owners = usersWithRole(users, 'Employee');
  const companies = [
    ...table(tables, 'Customer').map((c) => ({ customer: String(c.id), vendor: null, name: String(c.name) })),
    ...table(tables, 'Vendor').map((v) => ({ customer: null, vendor: String(v.id), name: String(v.name) })),
  ];
  for (let i = 0; i < 50; i++) {
    const company = companies[(i * 5) % companies.length]!;
    const first = firstNames[i % firstNames.length]!;
    const last = lastNames[(i * 7) % lastNames.length]!;
    table(tables, 'Contact').push({
      id: formatKey('CON-', i + 1),
      name: `${first} ${last}`,
      jobTitle: random.pick(['Buyer', 'Sales manager', 'Accountant', 'Site manager', 'CEO', 'Logistics lead']),
      company: company.name,
      email: `${first}.${last}@example.com`.toLowerCase(),
      phone: `+${random.int(31, 49)} ${random.int(100, 999)} ${random.int(1000, 9999)}`,
      customer: company.customer,
      vendor: company.vendor,
      owner: random.pick(owners).id,
      createdAt: calendar.at(-random.int(1, 600), random.int(8, 17), random.int(0, 59)),
    });
  }
}
