// Zips crafted byte by byte, for the tests of the safe package reader and of hostile uploads
// to the environment: each test changes exactly one thing of a well-formed package (names,
// flags, sizes, CRCs, layout), and nothing is fixed up behind the test's back.
import { crc32, deflateRawSync } from 'node:zlib';
import { jsonBytes, type Manifest } from '../../src/package/format.js';
import { sha256Hex } from '../../src/package/manifest.js';

export interface CraftEntry {
  name: string | Buffer;
  /** The entry's real content; deflated when method is 8. */
  data?: Buffer;
  method?: number;
  /** Bytes written as the entry's data instead of (compressed) `data`. */
  rawData?: Buffer;
  declaredSize?: number;
  crc?: number;
  flags?: number;
  versionMadeBy?: number;
  externalAttributes?: number;
  localName?: string;
  extra?: Buffer;
  /** Offset of the local header to write in the central directory instead of the real one. */
  offsetOverride?: number;
}

export const unixRegular = (0o100644 << 16) >>> 0;

export function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}

export function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

export function localRecord(name: Buffer, extra: Buffer, e: CraftEntry, payload: Buffer, crc: number, size: number): Buffer {
  return Buffer.concat([
    u32(0x04034b50),
    u16(20),
    u16(e.flags ?? 0),
    u16(e.method ?? 0),
    u16(0),
    u16(0x21),
    u32(crc),
    u32(payload.length),
    u32(size),
    u16(name.length),
    u16(extra.length),
    name,
    extra,
    payload,
  ]);
}

/** A zip with exactly the records described: nothing is fixed up behind the test's back. */
export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const payload = e.rawData ?? (e.method === 8 ? deflateRawSync(data) : data);
    const crc = e.crc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const extra = e.extra ?? Buffer.alloc(0);
    const local = localRecord(e.localName !== undefined ? Buffer.from(e.localName) : name, extra, e, payload, crc, size);
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(e.versionMadeBy ?? (3 << 8) | 20),
        u16(20),
        u16(e.flags ?? 0),
        u16(e.method ?? 0),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(payload.length),
        u32(size),
        u16(name.length),
        u16(extra.length),
        u16(0),
        u16(0),
        u16(0),
        u32(e.externalAttributes ?? unixRegular),
        u32(e.offsetOverride ?? offset),
        name,
        extra,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(central.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, central, end]);
}

/** A valid manifest for the given files (so only the thing under test is wrong). */
export function manifestFor(files: Record<string, Buffer>, overrides: Partial<Manifest> = {}): Buffer {
  const manifest: Manifest = {
    format: 1,
    name: 'demo',
    publisher: 'Contoso',
    version: '1.0.0',
    createdAt: '1980-01-01T00:00:00Z',
    tool: { name: 'mwkit', version: '0.1.0' },
    workspaces: [{ id: 'w', version: '1.0.0', path: 'workspaces/w/workspace.json' }],
    files: Object.entries(files).map(([path, data]) => ({ path, size: data.length, sha256: sha256Hex(data) })),
    ...overrides,
  };
  return jsonBytes(manifest);
}
