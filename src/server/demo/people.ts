// The demo company's people: several users per business role, each with an approver
// (managerId), and people of vendors (vendorId), plus the administrator.
import type { User } from '../domain/users.js';

type Person = [id: string, name: string, roles: string[], managerId?: string];

const managers: Person[] = [
  ['maria.schmidt', 'Maria Schmidt', ['Manager', 'Employee'], 'henrik.berg'],
  ['james.wilson', 'James Wilson', ['Manager', 'Employee'], 'henrik.berg'],
  ['sofia.rossi', 'Sofia Rossi', ['Manager', 'Employee'], 'henrik.berg'],
  ['henrik.berg', 'Henrik Berg', ['Manager', 'Employee'], 'maria.schmidt'],
];

const staff: Person[] = [
  ['emma.fischer', 'Emma Fischer', ['Employee'], 'maria.schmidt'],
  ['lucas.martin', 'Lucas Martin', ['Employee'], 'maria.schmidt'],
  ['olivia.brown', 'Olivia Brown', ['Employee'], 'james.wilson'],
  ['noah.dubois', 'Noah Dubois', ['Employee'], 'james.wilson'],
  ['mia.jansen', 'Mia Jansen', ['Employee', 'ProjectMember'], 'sofia.rossi'],
  ['elias.wagner', 'Elias Wagner', ['Employee', 'ProjectMember'], 'sofia.rossi'],
  ['chloe.bernard', 'Chloe Bernard', ['Employee', 'ProjectMember'], 'sofia.rossi'],
  ['finn.larsen', 'Finn Larsen', ['Employee', 'ProjectMember'], 'james.wilson'],
  ['anna.novak', 'Anna Novak', ['Employee', 'ProjectMember'], 'maria.schmidt'],
  ['paul.weber', 'Paul Weber', ['Employee', 'Purchaser'], 'maria.schmidt'],
  ['laura.garcia', 'Laura Garcia', ['Employee', 'Purchaser'], 'james.wilson'],
  ['tom.hughes', 'Tom Hughes', ['Employee', 'Purchaser'], 'sofia.rossi'],
  ['jonas.keller', 'Jonas Keller', ['Employee', 'Warehouse'], 'henrik.berg'],
  ['eva.lindqvist', 'Eva Lindqvist', ['Employee', 'Warehouse'], 'henrik.berg'],
  ['marco.bianchi', 'Marco Bianchi', ['Employee', 'Warehouse'], 'henrik.berg'],
  ['clara.hoffmann', 'Clara Hoffmann', ['Employee', 'Controller'], 'henrik.berg'],
  ['david.meyer', 'David Meyer', ['Employee', 'Controller'], 'henrik.berg'],
];

/** People of vendors, with the key of their vendor (see master-data.ts: the first vendors). */
const vendorPeople: Array<[id: string, name: string, vendorId: string]> = [
  ['kai.vogel', 'Kai Vogel', 'V-00001'],
  ['lena.roth', 'Lena Roth', 'V-00001'],
  ['pierre.lambert', 'Pierre Lambert', 'V-00002'],
  ['grace.taylor', 'Grace Taylor', 'V-00003'],
  ['nils.ek', 'Nils Ek', 'V-00004'],
];

export const demoVendorIds = [...new Set(vendorPeople.map(([, , vendorId]) => vendorId))];

export function demoUsers(): User[] {
  const admin: User = { id: 'admin', name: 'Administrator', roles: [], attributes: {}, isAdmin: true };
  const employees = [...managers, ...staff].map(([id, name, roles, managerId]): User => ({ id, name, roles, attributes: { managerId: managerId ?? null }, isAdmin: false }));
  const vendors = vendorPeople.map(([id, name, vendorId]): User => ({ id, name, roles: ['Vendor'], attributes: { vendorId }, isAdmin: false }));
  return [admin, ...employees, ...vendors];
}

export function usersWithRole(users: readonly User[], role: string): User[] {
  return users.filter((user) => user.roles.includes(role));
}
