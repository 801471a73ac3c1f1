import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptSharedDeviceId, deviceIdOf, newId, replaceDeviceId } from '../../app/src/ids.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes v4 UUIDs without crypto.randomUUID (plain http on the LAN is no secure context)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    const ids = new Set(Array.from({ length: 50 }, () => newId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(uuidV4);
  });

  it('uses crypto.randomUUID where it exists', () => {
    expect(newId()).toMatch(uuidV4);
  });
});

describe('device ids per user', () => {
  let counter = 0;
  const make = () => `device-${++counter}`;

  it('gives each user on the browser an id of their own and keeps it for their next sign-in', () => {
    const anna = deviceIdOf({}, 'anna', make);
    const ben = deviceIdOf(anna.known, 'ben', make);
    expect(ben.deviceId).not.toBe(anna.deviceId);
    expect(deviceIdOf(ben.known, 'anna', make).deviceId).toBe(anna.deviceId);
  });

  it('leaves the old shared id with the user who used it last, and replaces an id the environment refused', () => {
    const known = adoptSharedDeviceId({}, 'shared', 'anna');
    expect(deviceIdOf(known, 'anna', make).deviceId).toBe('shared');
    expect(deviceIdOf(known, 'ben', make).deviceId).not.toBe('shared');
    expect(adoptSharedDeviceId({ anna: 'own' }, 'shared', 'anna')).toEqual({ anna: 'own' });
    expect(replaceDeviceId(known, 'anna', make).anna).not.toBe('shared');
  });
});
