// Why the safe reader refused a package. One class with a stable code, so the CLI can print the
// reason and the environment server can map it to a problem+json `type`.

export type PackageErrorCode =
  /** Not a zip, truncated, or inconsistent (bad signatures, data beyond the file, bad deflate data). */
  | 'corrupt'
  /** The archive, one entry or all entries together exceed a size limit. */
  | 'too-large'
  | 'too-many-entries'
  /** `..`, absolute path, drive letter, backslash, NUL or control character, empty segment, too deep or too long. */
  | 'unsafe-path'
  /** A symlink, directory or other entry that is not a regular file. */
  | 'not-a-file'
  /** The same name twice, also after case folding and Unicode normalisation. */
  | 'duplicate-entry'
  | 'encrypted'
  | 'unsupported-compression'
  /** The data inflates to another size than the header declares (a zip bomb, or corruption). */
  | 'size-mismatch'
  /** Compressed far more than real content ever is: a zip bomb. */
  | 'compression-ratio'
  | 'crc-mismatch'
  /** Entries whose data overlap each other or the central directory (overlapping-file zip bombs). */
  | 'overlapping-entries'
  /** The local header disagrees with the central directory about an entry. */
  | 'header-mismatch'
  | 'missing-manifest'
  | 'invalid-manifest'
  | 'unsupported-format'
  | 'invalid-signature-file';

export class PackageError extends Error {
  override readonly name = 'PackageError';
  constructor(
    readonly code: PackageErrorCode,
    message: string,
    /** The entry concerned, when there is one. */
    readonly path?: string,
  ) {
    super(message);
  }
}
