// Random ids for operations, forms and devices. crypto.randomUUID exists only in secure
// contexts (https or localhost): a phone opening `mwkit preview --host 0.0.0.0` over plain
// http on the LAN has only crypto.getRandomValues, so build a version-4 UUID from that.
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type DeviceIds = Readonly<Record<string, string>>;

/**
 * The device id `userId` syncs under on this browser. The environment ties a device id to the
 * first user who pushed with it (403 for anyone else), and a device's local keys are its own,
 * so each user who signs in here gets an id of their own, kept for their next sign-in: their
 * unsent changes are pushed under it then, never under someone else's.
 */
export function deviceIdOf(known: DeviceIds, userId: string, make: () => string = newId): { deviceId: string; known: DeviceIds } {
  const existing = Object.prototype.hasOwnProperty.call(known, userId) ? known[userId] : undefined;
  if (existing) return { deviceId: existing, known };
  const deviceId = make();
  return { deviceId, known: { ...known, [userId]: deviceId } };
}

/** Before device ids were per user there was one: it stays with the user who used it last. */
export function adoptSharedDeviceId(known: DeviceIds, sharedId: string | undefined, lastUserId: string | undefined): DeviceIds {
  if (!sharedId || !lastUserId || Object.prototype.hasOwnProperty.call(known, lastUserId)) return known;
  return { ...known, [lastUserId]: sharedId };
}

/** After the environment refused the id (another user's device): a fresh one for `userId`. */
export function replaceDeviceId(known: DeviceIds, userId: string, make: () => string = newId): DeviceIds {
  return { ...known, [userId]: make() };
}
