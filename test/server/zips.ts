// Zips crafted byte by byte for the hostile-upload tests: each changes exactly one thing of a
// well-formed package (names, flags, sizes, CRCs, layout), nothing fixed up behind the test's back.
import { crc32, deflateRawSync } from 'node:zlib';
import { jsonBytes, type Manifest } from '../../src/package/format.js';
import { sha256Hex } from '../../src/package/manifest.js';
import { readPackage } from '../../src/package/reader.js';

export interface CraftEntry {
  name: string | Buffer;
  data?: Buffer;
  /** 0 stored, 8 deflated, anything else as given. */
  method?: number;
  rawData?: Buffer;
  declaredSize?: number;
  crc?: number;
  flags?: number;
  externalAttributes?: number;
  /** Offset of the local header to write in the central directory instead of the real one. */
  offsetOverride?: number;
}

const unixRegular = (0o100644 << 16) >>> 0;

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

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
    const flags = (e.flags ?? 0) | 0x800;
    const local = Buffer.concat([u32(0x04034b50), u16(20), u16(flags), u16(e.method ?? 0), u16(0), u16(0x21), u32(crc), u32(payload.length), u32(size), u16(name.length), u16(0), name, payload]);
    centrals.push(Buffer.concat([
      u32(0x02014b50), u16((3 << 8) | 20), u16(20), u16(flags), u16(e.method ?? 0), u16(0), u16(0x21),
      u32(crc), u32(payload.length), u32(size), u16(name.length), u16(0), u16(0), u16(0), u16(0),
      u32(e.externalAttributes ?? unixRegular), u32(e.offsetOverride ?? offset), name,
    ]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(central.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, central, end]);
}

/** The entries of a real package, to re-zip with changes. */
export async function entriesOf(pkg: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  const contents = await readPackage(pkg);
  return [...contents.entries].map(([name, data]) => ({ name, data }));
}

/** A manifest that lists `files` correctly (so only the thing under test is wrong). */
export function manifestFor(files: Record<string, Buffer>, overrides: Partial<Manifest> = {}): Buffer {
  const manifest: Manifest = {
    format: 1, name: 'crafted', publisher: 'Contoso', version: '1.0.0', createdAt: '2024-01-01T00:00:00Z',
    tool: { name: 'mwkit', version: '0.1.0' },
    workspaces: [{ id: 'w', version: '1.0.0', path: 'workspaces/w/workspace.json' }],
    files: Object.entries(files).map(([path, data]) => ({ path, size: data.length, sha256: sha256Hex(data) })),
    ...overrides,
  };
  return jsonBytes(manifest);
}
