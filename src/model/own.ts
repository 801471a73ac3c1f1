// Lookups by a name that a package, a script or a request supplies: own properties only, so
// `constructor`, `toString` or `__proto__` never find Object.prototype's members.
const hasOwnProperty = Object.prototype.hasOwnProperty;

export function hasOwn(object: object | undefined, key: string): boolean {
  return object !== undefined && hasOwnProperty.call(object, key);
}

export function ownValue<T>(object: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return object !== undefined && hasOwnProperty.call(object, key) ? object[key] : undefined;
}
