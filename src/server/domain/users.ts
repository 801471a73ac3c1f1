// Who is asking: a signed-in user with business roles and attributes, or an administrator.
import type { Value } from '../../logic/api.js';
import type { VariableScope } from '../../logic/query.js';
import type { User } from '../../contract/session.js';

/** The business roles of this environment; publications and record access are granted to them. */
export const businessRoles = ['Employee', 'Manager', 'Purchaser', 'Vendor', 'Warehouse', 'ProjectMember', 'Controller'] as const;
export type BusinessRole = (typeof businessRoles)[number];

export function isBusinessRole(role: string): role is BusinessRole {
  return (businessRoles as readonly string[]).includes(role);
}

/**
 * The user attributes this environment knows (`$user.<attribute>` in filters and rules). A name
 * outside this list is a mistake, and an inherited property such as `constructor` is never one.
 */
export const userAttributeNames = ['managerId', 'vendorId'] as const;

export function isUserAttribute(name: string): boolean {
  return (userAttributeNames as readonly string[]).includes(name);
}

/** The wire's user (contract/session.ts): who is asking, as the environment knows them. */
export type { User };

export function hasAnyRole(user: User, roles: readonly string[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/** ISO date of `now` in UTC: what `$today` means on the server. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Only the user's own, known attributes, on an object without a prototype: nothing else resolves. */
export function ownAttributes(user: User): Record<string, Value> {
  const attributes = Object.create(null) as Record<string, Value>;
  for (const name of userAttributeNames) if (Object.hasOwn(user.attributes, name)) attributes[name] = user.attributes[name]!;
  return attributes;
}

export function variableScope(user: User, now: Date): VariableScope {
  return { user: { id: user.id, attributes: ownAttributes(user) }, today: isoDate(now) };
}
