// Row-level access: which records of an entity a user may see, as a condition built from the
// entity's grants. No grant for any of the user's roles means no access to the entity at all.
import { resolveFilter } from '../../logic/query.js';
import { isVariable } from '../../model/filter.js';
import { all, filterCondition, none, or, type Condition } from './conditions.js';
import type { Grant, Roles, RulesByEntity } from '../../model/rule-types.js';
import { hasAnyRole, variableScope, type User } from './users.js';

export function hasRoles(user: User, roles: Roles): boolean {
  return roles === 'any' || hasAnyRole(user, roles);
}

/** The records of `entity` the user may see; undefined when none of their roles has a grant. */
export function readCondition(rulesByEntity: RulesByEntity, entity: string, user: User, now: Date): Condition | undefined {
  if (user.isAdmin) return all;
  const rules = Object.hasOwn(rulesByEntity, entity) ? rulesByEntity[entity] : undefined;
  if (!rules) return undefined;
  const grants = rules.read.filter((grant) => hasRoles(user, grant.roles));
  if (grants.length === 0) return undefined;
  return or(...grants.map((grant) => grantCondition(rulesByEntity, grant, entity, user, now)));
}

function grantCondition(rulesByEntity: RulesByEntity, grant: Grant, entity: string, user: User, now: Date): Condition {
  if ('viaParent' in grant) {
    const parent = rulesByEntity[entity]?.parent;
    if (!parent) return none;
    // Parents are never themselves visible through their parent, so this ends.
    const parentCondition = readCondition(rulesByEntity, parent.entity, user, now) ?? none;
    return parentCondition.kind === 'none' ? none : { kind: 'parent', field: parent.field, entity: parent.entity, condition: parentCondition };
  }
  if (!grant.filter) return all;
  const resolved = resolveFilter(grant.filter, variableScope(user, now));
  // A grant by an attribute the user lacks (a vendor person without vendorId) grants nothing.
  const lacksAttribute = Object.entries(grant.filter).some(([field, value]) => isVariable(value) && resolved[field] === null);
  return lacksAttribute ? none : filterCondition(resolved);
}
