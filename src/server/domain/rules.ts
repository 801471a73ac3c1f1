// The entity rules the environment enforces: its data model's (built-in-model.ts), by entity.
// test/server/rules.test.ts proves every entity of the catalog has rules and every field,
// operation and parameter they name exists.
import type { EntityRules } from '../../model/rule-types.js';
import { builtInModel } from './built-in-model.js';

/** Generated keys: the entity's prefix and a number, EXP-00042 (the demo data uses the same form). */
export function formatKey(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(5, '0')}`;
}

export const entityRules: Record<string, EntityRules> = builtInModel().rules;
