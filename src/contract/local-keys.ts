// Local keys on the wire: a device names a record it created offline `local:<uuid>` until the
// environment answers with the real key. Free of TypeBox: the app imports this at run time.

/** Keys a device makes for records it created offline; the server answers with the real key. */
export const localKeyPrefix = 'local:';

export function isLocalKey(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(localKeyPrefix);
}
