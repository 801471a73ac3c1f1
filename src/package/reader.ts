// The one safe package reader, shared by `mwkit inspect`, `mwkit verify` and the environment
// server's apply. It reads a .mwpkg held in memory with yauzl, never writes anything to disk,
// and refuses (PackageError with a code) anything a package made by mwkit would never contain.
// Every limit is enforced on bytes actually inflated: an entry may never inflate to more than
// its header declares, and the declared sizes are checked against the limits before inflating.
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { checkEntryRecord, defaultReaderLimits, entryName, foldedName, isDeflated, type ReaderLimits } from './entry-checks.js';
import { PackageError } from './errors.js';
import { manifestPath, packageFormat, signaturePath, type Manifest, type SignatureFile } from './format.js';
import { manifestSchemaError, sha256Hex, signatureSchemaError } from './manifest.js';

export { defaultReaderLimits, unsafePathReason, type ReaderLimits } from './entry-checks.js';
export { PackageError, type PackageErrorCode } from './errors.js';

export interface PackageContents {
  /** SHA-256 of the whole archive, hex: the package digest. */
  digest: string;
  /** Size of the archive in bytes. */
  size: number;
  /** Every entry's inflated bytes, by path, in archive order (manifest.json and signature.json included). */
  entries: ReadonlyMap<string, Buffer>;
  /** manifest.json, parsed and valid against schemas/manifest.schema.json. */
  manifest: Manifest;
  /** The exact bytes of manifest.json: what a signature signs. */
  manifestBytes: Buffer;
  /** signature.json, parsed and well-formed, when the package has one (not yet checked against a key). */
  signature?: SignatureFile;
}

interface LocatedEntry {
  entry: Entry;
  name: string;
  dataStart: number;
}

/** Reads a package file into memory (refusing one over the size limit first) and reads it safely. */
export async function readPackageFile(path: string, limits: Partial<ReaderLimits> = {}): Promise<PackageContents> {
  const all = { ...defaultReaderLimits, ...limits };
  const { size } = await stat(path);
  if (size > all.maxArchiveBytes) throw new PackageError('too-large', `The package is ${size} bytes, over the limit of ${all.maxArchiveBytes}.`);
  return readPackage(await readFile(path), all);
}

/** Reads a package held in memory: zip safety, then manifest.json and signature.json. */
export async function readPackage(archive: Buffer, limits: Partial<ReaderLimits> = {}): Promise<PackageContents> {
  const all = { ...defaultReaderLimits, ...limits };
  if (archive.length > all.maxArchiveBytes) throw new PackageError('too-large', `The package is ${archive.length} bytes, over the limit of ${all.maxArchiveBytes}.`);
  const entries = await readEntries(archive, all);
  const manifestBytes = entries.get(manifestPath);
  if (!manifestBytes) throw new PackageError('missing-manifest', 'The package has no manifest.json.', manifestPath);
  const manifest = parseManifest(manifestBytes);
  const signatureBytes = entries.get(signaturePath);
  return {
    digest: sha256Hex(archive),
    size: archive.length,
    entries,
    manifest,
    manifestBytes,
    ...(signatureBytes ? { signature: parseSignatureFile(signatureBytes) } : {}),
  };
}

/** Every entry's bytes after all checks; throws the first PackageError found. */
export async function readEntries(archive: Buffer, limits: ReaderLimits): Promise<Map<string, Buffer>> {
  const zipfile = await openZip(archive);
  try {
    if (zipfile.entryCount > limits.maxEntries) {
      throw new PackageError('too-many-entries', `The package has ${zipfile.entryCount} entries, over the limit of ${limits.maxEntries}.`);
    }
    // Before the first entry is read, the cursor is the central directory's offset (the typings say boolean).
    const centralDirectoryOffset = zipfile.readEntryCursor as unknown as number;
    const located = await locateEntries(zipfile, limits);
    checkLayout(located, centralDirectoryOffset);
    const entries = new Map<string, Buffer>();
    for (const item of located) entries.set(item.name, await inflateEntry(zipfile, item));
    return entries;
  } finally {
    zipfile.close();
  }
}

async function openZip(archive: Buffer): Promise<ZipFile> {
  try {
    // decodeStrings false: names are decoded and checked here, with precise reasons.
    const zipfile = await yauzl.fromBufferPromise(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, strictFileNames: false });
    // Errors reach us through the promises; without a listener a late one would crash the process.
    zipfile.on('error', () => {});
    return zipfile;
  } catch (error) {
    throw new PackageError('corrupt', `Not a readable zip file (truncated or damaged): ${messageOf(error)}.`);
  }
}

/** Pass 1: every central directory record and local header, before inflating anything. */
async function locateEntries(zipfile: ZipFile, limits: ReaderLimits): Promise<LocatedEntry[]> {
  const located: LocatedEntry[] = [];
  const names = new Map<string, string>();
  let declaredTotal = 0;
  try {
    for await (const entry of zipfile.eachEntry()) {
      const name = entryName(entry);
      checkEntryRecord(entry, name, limits);
      checkUnique(names, name);
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) {
        throw new PackageError('too-large', `The entries declare more than ${limits.maxTotalBytes} bytes in total.`, name);
      }
      located.push({ entry, name, dataStart: await checkLocalHeader(zipfile, entry, name) });
    }
  } catch (error) {
    throw asPackageError(error);
  }
  return located;
}

function checkUnique(names: Map<string, string>, name: string): void {
  const folded = foldedName(name);
  const earlier = names.get(folded);
  if (earlier === name) throw new PackageError('duplicate-entry', `Entry ${JSON.stringify(name)} appears twice.`, name);
  if (earlier !== undefined) {
    throw new PackageError('duplicate-entry', `Entries ${JSON.stringify(earlier)} and ${JSON.stringify(name)} differ only in case or Unicode normalisation; they collide on most file systems.`, name);
  }
  names.set(folded, name);
}

async function checkLocalHeader(zipfile: ZipFile, entry: Entry, name: string): Promise<number> {
  const local = await zipfile.readLocalFileHeaderPromise(entry);
  if (!local.fileName.equals(entry.fileNameRaw)) {
    throw new PackageError('header-mismatch', `Entry ${JSON.stringify(name)} has another name in its local header (${JSON.stringify(local.fileName.toString('latin1'))}).`, name);
  }
  if (local.compressionMethod !== entry.compressionMethod || (local.generalPurposeBitFlag & 1) !== (entry.generalPurposeBitFlag & 1)) {
    throw new PackageError('header-mismatch', `Entry ${JSON.stringify(name)} has another compression method or encryption flag in its local header.`, name);
  }
  return local.fileDataStart;
}

/** Entries must not share bytes with each other or with the central directory. */
function checkLayout(located: readonly LocatedEntry[], centralDirectoryOffset: number): void {
  const spans = located.map((item) => ({ name: item.name, start: item.entry.relativeOffsetOfLocalHeader, end: item.dataStart + item.entry.compressedSize })).sort((a, b) => a.start - b.start);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const next = spans[i + 1];
    if (next && next.start < span.end) {
      throw new PackageError(
        'overlapping-entries',
        `Entries ${JSON.stringify(span.name)} and ${JSON.stringify(next.name)} overlap in the archive (an overlapping-file zip bomb, or a damaged zip).`,
        next.name,
      );
    }
    if (span.end > centralDirectoryOffset) {
      throw new PackageError('overlapping-entries', `Entry ${JSON.stringify(span.name)} runs into or lies beyond the central directory.`, span.name);
    }
  }
}

/** Pass 2: the entry's real bytes, never more than its header declares, with its CRC checked. */
async function inflateEntry(zipfile: ZipFile, item: LocatedEntry): Promise<Buffer> {
  const { entry, name } = item;
  const declared = entry.uncompressedSize;
  const chunks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  let stream: Readable | undefined;
  try {
    stream = await openDataStream(zipfile, item);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > declared) {
        throw new PackageError('size-mismatch', `Entry ${JSON.stringify(name)} inflates to more than the ${declared} bytes its header declares (a zip bomb, or a damaged zip); reading stopped.`, name);
      }
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    }
  } catch (error) {
    stream?.destroy();
    if (error instanceof PackageError) throw error;
    throw new PackageError('corrupt', `Entry ${JSON.stringify(name)} cannot be read: ${messageOf(error)}.`, name);
  }
  if (size !== declared) throw new PackageError('size-mismatch', `Entry ${JSON.stringify(name)} holds ${size} bytes, but its header declares ${declared}.`, name);
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new PackageError('crc-mismatch', `Entry ${JSON.stringify(name)} fails its CRC-32 check (damaged or altered data).`, name);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** yauzl 3.4's openReadStreamLowLevelPromise calls the wrong method, so the callback form is wrapped here. */
function openDataStream(zipfile: ZipFile, item: LocatedEntry): Promise<Readable> {
  const { compressedSize } = item.entry;
  return new Promise((resolve, reject) => {
    zipfile.openReadStreamLowLevel(item.dataStart, compressedSize, 0, compressedSize, isDeflated(item.entry), null, (error, stream) => {
      if (error) reject(error);
      else resolve(stream);
    });
  });
}

function parseManifest(bytes: Buffer): Manifest {
  const data = parseJson(bytes, manifestPath, 'invalid-manifest');
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== packageFormat) {
    throw new PackageError('unsupported-format', `The package has format ${format}; this mwkit reads format ${packageFormat}.`, manifestPath);
  }
  const problem = manifestSchemaError(data);
  if (problem) throw new PackageError('invalid-manifest', `manifest.json does not match the manifest schema: ${problem}.`, manifestPath);
  return data as Manifest;
}

function parseSignatureFile(bytes: Buffer): SignatureFile {
  const data = parseJson(bytes, signaturePath, 'invalid-signature-file');
  const problem = signatureSchemaError(data);
  if (problem) throw new PackageError('invalid-signature-file', `signature.json is not a valid signature file: ${problem}.`, signaturePath);
  return data as SignatureFile;
}

function parseJson(bytes: Buffer, path: string, code: 'invalid-manifest' | 'invalid-signature-file'): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new PackageError(code, `${path} is not valid UTF-8 JSON: ${messageOf(error)}.`, path);
  }
}

/** yauzl reports damage as plain Errors; strong encryption is the one it names itself. */
function asPackageError(error: unknown): PackageError {
  if (error instanceof PackageError) return error;
  const message = messageOf(error);
  if (/encrypt/i.test(message)) return new PackageError('encrypted', `An entry is encrypted (${message}); packages are never encrypted.`);
  return new PackageError('corrupt', `The zip is damaged: ${message}.`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
