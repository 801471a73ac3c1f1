// Keys the environment makes for new records. The rules themselves are the data model's
// (model/*.yaml, compiled by model/data-model.ts): every write and read gets them with the model.

/** Generated keys: the entity's prefix and a number, EXP-00042 (the demo data uses the same form). */
export function formatKey(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(5, '0')}`;
}
