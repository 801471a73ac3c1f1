// The safe package reader refuses every kind of hostile or damaged zip with a precise, typed
// reason. The zips are crafted byte by byte here, so each test changes exactly one thing.
import archiver from 'archiver';
import { describe, expect, it } from 'vitest';
import { crc32, deflateRawSync } from 'node:zlib';
import { jsonBytes } from '../../src/package/format.js';
import { sha256Hex } from '../../src/package/manifest.js';
import { PackageError, readPackage, unsafePathReason, type PackageErrorCode } from '../../src/package/reader.js';
import { craftZip, localRecord, manifestFor, u16, u32, unixRegular, type CraftEntry } from '../helpers/zips.js';

const definition = jsonBytes({ id: 'w', version: '1.0.0' });
const goodFiles = { 'workspaces/w/workspace.json': definition };

function validEntries(): CraftEntry[] {
  return [
    { name: 'manifest.json', data: manifestFor(goodFiles) },
    { name: 'workspaces/w/workspace.json', data: definition },
  ];
}

async function refusal(archive: Buffer, limits = {}): Promise<PackageError> {
  try {
    await readPackage(archive, limits);
  } catch (error) {
    if (error instanceof PackageError) return error;
    throw error;
  }
  throw new Error('the reader accepted the archive');
}

async function expectRefused(archive: Buffer, code: PackageErrorCode, message: RegExp, limits = {}): Promise<void> {
  const error = await refusal(archive, limits);
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringMatching(message) });
}

async function archiverZip(add: (archive: archiver.Archiver) => void, options: archiver.ZipOptions = { store: true }): Promise<Buffer> {
  const archive = archiver('zip', options);
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => archive.on('end', resolve));
  add(archive);
  await archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

describe('readPackage accepts', () => {
  it('a well-formed package, with every entry, the manifest and the digest', async () => {
    const archive = craftZip(validEntries());
    const pkg = await readPackage(archive);
    expect([...pkg.entries.keys()]).toEqual(['manifest.json', 'workspaces/w/workspace.json']);
    expect(pkg.entries.get('workspaces/w/workspace.json')).toEqual(definition);
    expect(pkg.manifest.name).toBe('demo');
    expect(pkg.manifestBytes).toEqual(manifestFor(goodFiles));
    expect(pkg.digest).toBe(sha256Hex(archive));
    expect(pkg.size).toBe(archive.length);
    expect(pkg.signature).toBeUndefined();
  });

  it('a zip written by archiver with deflate and data descriptors', async () => {
    const archive = await archiverZip(
      (a) => {
        a.append(manifestFor(goodFiles), { name: 'manifest.json' });
        a.append(definition, { name: 'workspaces/w/workspace.json' });
      },
      { zlib: { level: 9 } },
    );
    expect(archive.readUInt16LE(8)).toBe(8); // deflated
    expect(archive.readUInt16LE(6) & 0x8).toBe(0x8); // sizes in a data descriptor
    const pkg = await readPackage(archive);
    expect(pkg.entries.get('workspaces/w/workspace.json')).toEqual(definition);
  });

  it('deflated entries, inflated and checked', async () => {
    const entries = validEntries().map((e) => ({ ...e, method: 8 }));
    const pkg = await readPackage(craftZip(entries));
    expect(pkg.entries.get('workspaces/w/workspace.json')).toEqual(definition);
  });
});

describe('readPackage refuses unsafe names', () => {
  it.each([
    ['../evil.js', /`\.\.` segment/],
    ['workspaces/../../evil.js', /`\.\.` segment/],
    ['/etc/passwd', /absolute path/],
    ['workspaces\\w\\logic.js', /backslash/],
    ['C:/Windows/evil.js', /drive letter/],
    ['c:evil.js', /drive letter/],
    ['a//b.json', /empty or `\.` segment/],
    ['./a.json', /empty or `\.` segment/],
    ['a\u0000b.json', /NUL byte/],
    ['a\nb.json', /control character/],
  ])('%j', async (name, reason) => {
    await expectRefused(craftZip([...validEntries(), { name, data: Buffer.from('x') }]), 'unsafe-path', reason);
  });

  it('names too long or too deep', async () => {
    await expectRefused(craftZip([...validEntries(), { name: `${'a'.repeat(300)}.json`, data: Buffer.from('x') }]), 'unsafe-path', /longer than 255/);
    await expectRefused(craftZip([...validEntries(), { name: 'a/b/c/d/e/f/g/h/i.json', data: Buffer.from('x') }]), 'unsafe-path', /more than 8 folders deep/);
  });

  it('non-ASCII names without the UTF-8 flag, and names that are not UTF-8', async () => {
    await expectRefused(craftZip([...validEntries(), { name: Buffer.from([0x63, 0x61, 0x66, 0xe9]), data: Buffer.from('x') }]), 'unsafe-path', /no UTF-8 flag/);
    await expectRefused(craftZip([...validEntries(), { name: Buffer.from([0xff, 0xfe]), flags: 0x800, data: Buffer.from('x') }]), 'unsafe-path', /not valid UTF-8/);
  });

  it('a second, different name in a Unicode path extra field', async () => {
    const alias = Buffer.concat([Buffer.from([1]), u32(crc32(Buffer.from('a.json'))), Buffer.from('../evil.js')]);
    const extra = Buffer.concat([u16(0x7075), u16(alias.length), alias]);
    await expectRefused(craftZip([...validEntries(), { name: 'a.json', extra, data: Buffer.from('x') }]), 'unsafe-path', /second name/);
  });

  it('unsafePathReason accepts plain relative paths only', () => {
    expect(unsafePathReason('workspaces/expense-management/workspace.json')).toBeUndefined();
    expect(unsafePathReason('manifest.json')).toBeUndefined();
    expect(unsafePathReason('')).toMatch(/empty/);
    expect(unsafePathReason('x/..')).toMatch(/\.\./);
  });
});

describe('readPackage refuses entries that are not regular files', () => {
  it('a symlink (written by archiver)', async () => {
    const archive = await archiverZip((a) => {
      a.append(manifestFor(goodFiles), { name: 'manifest.json' });
      a.append(definition, { name: 'workspaces/w/workspace.json' });
      a.symlink('workspaces/w/logic.js', '/etc/passwd');
    });
    await expectRefused(archive, 'not-a-file', /"workspaces\/w\/logic\.js" is a symbolic link/);
  });

  it('a directory, by name or by attributes', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'workspaces/' }]), 'not-a-file', /is a directory/);
    await expectRefused(craftZip([...validEntries(), { name: 'dir', externalAttributes: (0o040755 << 16) >>> 0 }]), 'not-a-file', /is a directory/);
    await expectRefused(craftZip([...validEntries(), { name: 'dir', versionMadeBy: 20, externalAttributes: 0x10 }]), 'not-a-file', /is a directory/);
  });

  it('a device or FIFO', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'fifo', externalAttributes: (0o010644 << 16) >>> 0 }]), 'not-a-file', /special file/);
  });
});

describe('readPackage refuses duplicates', () => {
  it('the same name twice', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'manifest.json', data: Buffer.from('{}') }]), 'duplicate-entry', /"manifest\.json" appears twice/);
  });

  it('names that differ only in case', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'Manifest.JSON', data: Buffer.from('{}') }]), 'duplicate-entry', /differ only in case/);
  });

  it('names that differ only in Unicode normalisation', async () => {
    const composed = 'caf\u00e9.json';
    const decomposed = 'cafe\u0301.json';
    await expectRefused(
      craftZip([...validEntries(), { name: composed, flags: 0x800, data: Buffer.from('1') }, { name: decomposed, flags: 0x800, data: Buffer.from('2') }]),
      'duplicate-entry',
      /Unicode normalisation/,
    );
  });
});

describe('readPackage refuses encryption and unknown compression', () => {
  it('traditional encryption', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'secret.json', flags: 0x1, data: Buffer.alloc(20) }]), 'encrypted', /"secret\.json" is encrypted/);
  });

  it('strong encryption', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'secret.json', flags: 0x41, data: Buffer.alloc(20) }]), 'encrypted', /encrypt/);
  });

  it('bzip2 and other methods', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'a.bin', method: 12, rawData: Buffer.from('BZh9'), data: Buffer.from('x') }]), 'unsupported-compression', /method 12/);
  });
});

describe('readPackage refuses bombs and oversized archives', () => {
  it('more entries than the limit', async () => {
    const entries = [...validEntries(), { name: 'a', data: Buffer.from('a') }, { name: 'b', data: Buffer.from('b') }];
    await expectRefused(craftZip(entries), 'too-many-entries', /4 entries, over the limit of 3/, { maxEntries: 3 });
  });

  it('an archive larger than the limit', async () => {
    await expectRefused(craftZip(validEntries()), 'too-large', /over the limit of 100/, { maxArchiveBytes: 100 });
  });

  it('an entry declaring more than the per-file limit', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'big', data: Buffer.alloc(2048) }]), 'too-large', /declares 2048 bytes, over the limit of 1024/, { maxEntryBytes: 1024 });
  });

  it('entries declaring more than the total limit together', async () => {
    const entries = [...validEntries(), { name: 'a', data: Buffer.alloc(600) }, { name: 'b', data: Buffer.alloc(600) }];
    await expectRefused(craftZip(entries), 'too-large', /more than 1500 bytes in total/, { maxTotalBytes: 1500 });
  });

  it('a compression ratio typical of zip bombs', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    await expectRefused(craftZip([...validEntries(), { name: 'zeros', method: 8, data: zeros }]), 'compression-ratio', /ratio over 100:1/);
  });

  it('an entry whose header claims a small size but inflates big: reading stops at the claim', async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    const entry: CraftEntry = { name: 'bomb.json', method: 8, rawData: bomb, declaredSize: 100, crc: 0 };
    await expectRefused(craftZip([...validEntries(), entry]), 'size-mismatch', /inflates to more than the 100 bytes its header declares/);
  });

  it('an entry that holds fewer bytes than declared', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'short.json', method: 8, data: Buffer.from('abc'), declaredSize: 10 }]), 'size-mismatch', /holds 3 bytes, but its header declares 10/);
  });

  it('entries whose data overlap (overlapping-file bombs)', async () => {
    const inner = Buffer.from('inner');
    const innerName = Buffer.from('b.json');
    const innerRecord = localRecord(innerName, Buffer.alloc(0), {} as CraftEntry, inner, crc32(inner), inner.length);
    const outerName = Buffer.from('a.json');
    const outer = localRecord(outerName, Buffer.alloc(0), {} as CraftEntry, innerRecord, crc32(innerRecord), innerRecord.length);
    const central = (name: Buffer, data: Buffer, offset: number): Buffer =>
      Buffer.concat([
        u32(0x02014b50),
        u16((3 << 8) | 20),
        u16(20),
        u16(0),
        u16(0),
        u16(0),
        u16(0x21),
        u32(crc32(data)),
        u32(data.length),
        u32(data.length),
        u16(name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(unixRegular),
        u32(offset),
        name,
      ]);
    const directory = Buffer.concat([central(outerName, innerRecord, 0), central(innerName, inner, 30 + outerName.length)]);
    const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(2), u16(2), u32(directory.length), u32(outer.length), u16(0)]);
    await expectRefused(Buffer.concat([outer, directory, end]), 'overlapping-entries', /"a\.json" and "b\.json" overlap/);
  });
});

describe('readPackage refuses damaged zips', () => {
  it('random bytes', async () => {
    await expectRefused(Buffer.from('this is not a zip file at all, just text'), 'corrupt', /Not a readable zip/);
  });

  it('an empty file', async () => {
    await expectRefused(Buffer.alloc(0), 'corrupt', /Not a readable zip/);
  });

  it.each([10, 40, 100])('a zip truncated by %i bytes', async (cut) => {
    const archive = craftZip(validEntries());
    const error = await refusal(archive.subarray(0, archive.length - cut));
    expect(error.code).toBe('corrupt');
  });

  it('a zip cut in the middle of its data', async () => {
    const archive = craftZip(validEntries());
    expect((await refusal(archive.subarray(0, 200))).code).toBe('corrupt');
  });

  it('a changed byte of stored data (CRC-32)', async () => {
    const archive = craftZip(validEntries());
    const at = archive.indexOf(definition);
    archive.writeUInt8(archive.readUInt8(at + 3) ^ 0x01, at + 3);
    await expectRefused(archive, 'crc-mismatch', /"workspaces\/w\/workspace\.json" fails its CRC-32 check/);
  });

  it('invalid deflate data', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'x.json', method: 8, rawData: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 4 }]), 'corrupt', /"x\.json" cannot be read/);
  });

  it('a local header that names another file than the central directory', async () => {
    await expectRefused(craftZip([...validEntries(), { name: 'a.json', localName: '../a.json', data: Buffer.from('x') }]), 'header-mismatch', /another name in its local header/);
  });
});

describe('readPackage refuses bad manifests and signature files', () => {
  it('no manifest.json', async () => {
    await expectRefused(craftZip([{ name: 'workspaces/w/workspace.json', data: definition }]), 'missing-manifest', /no manifest\.json/);
  });

  it('a manifest that is not JSON', async () => {
    await expectRefused(craftZip([{ name: 'manifest.json', data: Buffer.from('{ nope') }]), 'invalid-manifest', /not valid UTF-8 JSON/);
  });

  it.each([
    ['a missing key', { publisher: undefined }, /missing key `publisher`/],
    ['an unknown key', { extra: true }, /unknown key `extra`/],
    ['a bad digest', { files: [{ path: 'a', size: 1, sha256: 'xyz' }] }, /\/files\/0\/sha256/],
    ['a path escaping the package', { files: [{ path: '../a', size: 1, sha256: 'a'.repeat(64) }] }, /\/files\/0\/path/],
    ['the manifest listing itself', { files: [{ path: 'manifest.json', size: 1, sha256: 'a'.repeat(64) }] }, /\/files\/0\/path/],
    ['no workspaces', { workspaces: [] }, /\/workspaces/],
  ])('a manifest with %s', async (_, overrides, reason) => {
    const manifest = JSON.parse(manifestFor(goodFiles).toString()) as Record<string, unknown>;
    const changed = JSON.stringify({ ...manifest, ...overrides });
    await expectRefused(craftZip([{ name: 'manifest.json', data: Buffer.from(changed) }]), 'invalid-manifest', reason);
  });

  it('a manifest of a newer format', async () => {
    const manifest = { ...JSON.parse(manifestFor(goodFiles).toString()), format: 2 };
    await expectRefused(craftZip([{ name: 'manifest.json', data: jsonBytes(manifest) }]), 'unsupported-format', /format 2; this mwkit reads format 1/);
  });

  it('a malformed signature.json', async () => {
    const signature = jsonBytes({ algorithm: 'rsa', keyFingerprint: 'a'.repeat(64), signature: 'AA==' });
    await expectRefused(craftZip([...validEntries(), { name: 'signature.json', data: signature }]), 'invalid-signature-file', /signature\.json/);
  });
});
