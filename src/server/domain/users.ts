// Who is asking: a signed-in user with business roles and attributes, or an administrator.
import type { Value } from '../../logic/api.js';
import type { VariableScope } from '../../logic/query.js';

/** The business roles of this environment; publications and record access are granted to them. */
export const businessRoles = ['Employee', 'Manager', 'Purchaser', 'Vendor', 'Warehouse', 'ProjectMember', 'Controller'] as const;
export type BusinessRole = (typeof businessRoles)[number];

export function isBusinessRole(role: string): role is BusinessRole {
  return (businessRoles as readonly string[]).includes(role);
}

export interface User {
  id: string;
  name: string;
  roles: string[];
  /** e.g. vendorId for people of a vendor, managerId for whoever approves their reports. */
  attributes: Record<string, Value>;
  isAdmin: boolean;
}

export function hasAnyRole(user: User, roles: readonly string[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** ISO date of `now` in UTC: what `$today` means on the server. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function variableScope(user: User, now: Date): VariableScope {
  return { user: { id: user.id, attributes: user.attributes }, today: isoDate(now) };
}
