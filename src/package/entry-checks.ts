// Checks of one zip entry's central-directory record, before any of its data is read: a safe
// name, a regular file, no encryption, a known compression method, sizes within the limits.
import type { Entry } from 'yauzl';
import { PackageError } from './errors.js';

export interface ReaderLimits {
  /** Size of the .mwpkg file itself. */
  maxArchiveBytes: number;
  maxEntries: number;
  /** Inflated bytes of one entry. */
  maxEntryBytes: number;
  /** Inflated bytes of all entries together. */
  maxTotalBytes: number;
  /** Inflated size / compressed size of one entry, checked once it inflates to more than ratioFloorBytes. */
  maxCompressionRatio: number;
  ratioFloorBytes: number;
  maxPathLength: number;
  maxPathDepth: number;
}

const MiB = 1024 * 1024;

/** Generous for real packages (500 workspaces are ~1,000 entries and ~6 MiB), tight for bombs. */
export const defaultReaderLimits: Readonly<ReaderLimits> = {
  maxArchiveBytes: 256 * MiB,
  maxEntries: 10_000,
  maxEntryBytes: 32 * MiB,
  maxTotalBytes: 256 * MiB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 64 * 1024,
  maxPathLength: 255,
  maxPathDepth: 8,
};

const flagEncrypted = 0x0001;
const flagUtf8 = 0x0800;
const methodStored = 0;
const methodDeflated = 8;
const unicodePathExtraField = 0x7075;
const platformUnix = 3;
const platformDarwin = 19;
const dosDirectoryAttribute = 0x10;
const fileTypeMask = 0o170000;
const regularFile = 0o100000;

/** The entry's name as every zip reader would see it, or a PackageError saying why it is ambiguous. */
export function entryName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  let name: string;
  if (entry.generalPurposeBitFlag & flagUtf8) {
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new PackageError('unsafe-path', `An entry name is not valid UTF-8 (${raw.toString('hex')}).`);
    }
  } else if (raw.some((byte) => byte >= 0x80)) {
    // Without the UTF-8 flag, readers disagree on the encoding (CP437 or the system's): refuse.
    throw new PackageError('unsafe-path', `Entry name ${JSON.stringify(raw.toString('latin1'))} has non-ASCII bytes but no UTF-8 flag.`);
  } else {
    name = raw.toString('ascii');
  }
  const alias = unicodePathAlias(entry);
  if (alias !== undefined && alias !== name) {
    throw new PackageError('unsafe-path', `Entry ${JSON.stringify(name)} carries a second name, ${JSON.stringify(alias)}, in a Unicode path field; readers would disagree on it.`, name);
  }
  return name;
}

function unicodePathAlias(entry: Entry): string | undefined {
  const field = entry.extraFields.find((f) => f.id === unicodePathExtraField);
  if (!field || field.data.length < 5) return undefined;
  return field.data.subarray(5).toString('utf8');
}

/** Why a name is unsafe to use as a path, or undefined when it is a plain relative path. */
export function unsafePathReason(name: string, limits: Pick<ReaderLimits, 'maxPathLength' | 'maxPathDepth'> = defaultReaderLimits): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.includes('\0')) return 'it contains a NUL byte';
  if (name.includes('\\')) return 'it contains a backslash';
  if (/[\u0001-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  const segments = name.split('/');
  if (segments.includes('..')) return 'it has a `..` segment (path traversal)';
  if (segments.some((s) => s === '' || s === '.')) return 'it has an empty or `.` segment';
  if (name.length > limits.maxPathLength) return `it is longer than ${limits.maxPathLength} characters`;
  if (segments.length > limits.maxPathDepth) return `it is more than ${limits.maxPathDepth} folders deep`;
  return undefined;
}

/** Undefined for a regular file; else what the entry is (symlink, directory …). */
export function nonRegularKind(entry: Entry, name: string): string | undefined {
  if (name.endsWith('/')) return 'a directory';
  const platform = entry.versionMadeBy >> 8;
  if (platform === platformUnix || platform === platformDarwin) {
    const type = (entry.externalFileAttributes >>> 16) & fileTypeMask;
    if (type === 0o120000) return 'a symbolic link';
    if (type === 0o040000) return 'a directory';
    if (type !== 0 && type !== regularFile) return `a special file (mode ${type.toString(8).padStart(6, '0')})`;
  }
  if (entry.externalFileAttributes & dosDirectoryAttribute) return 'a directory';
  return undefined;
}

/** Everything that can be checked from the central directory record alone. */
export function checkEntryRecord(entry: Entry, name: string, limits: ReaderLimits): void {
  const unsafe = unsafePathReason(name.endsWith('/') ? name.slice(0, -1) || '/' : name, limits);
  if (unsafe) throw new PackageError('unsafe-path', `Entry ${JSON.stringify(name)} is refused: ${unsafe}.`, name);
  const kind = nonRegularKind(entry, name);
  if (kind) throw new PackageError('not-a-file', `Entry ${JSON.stringify(name)} is ${kind}; a package holds regular files only.`, name);
  if (entry.generalPurposeBitFlag & flagEncrypted) throw new PackageError('encrypted', `Entry ${JSON.stringify(name)} is encrypted; packages are never encrypted.`, name);
  if (entry.compressionMethod !== methodStored && entry.compressionMethod !== methodDeflated) {
    throw new PackageError('unsupported-compression', `Entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are read.`, name);
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new PackageError('too-large', `Entry ${JSON.stringify(name)} declares ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes} per file.`, name);
  }
  if (isBombRatio(entry.uncompressedSize, entry.compressedSize, limits)) {
    throw new PackageError(
      'compression-ratio',
      `Entry ${JSON.stringify(name)} declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed: a ratio over ${limits.maxCompressionRatio}:1 is a zip bomb.`,
      name,
    );
  }
}

export function isBombRatio(inflated: number, compressed: number, limits: ReaderLimits): boolean {
  return inflated > limits.ratioFloorBytes && inflated > limits.maxCompressionRatio * Math.max(compressed, 1);
}

export function isDeflated(entry: Entry): boolean {
  return entry.compressionMethod === methodDeflated;
}

/** Names that differ only in case or Unicode normalisation collide on macOS and Windows. */
export function foldedName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
