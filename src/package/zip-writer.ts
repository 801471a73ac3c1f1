// Writes a zip whose bytes depend only on the entries given: sorted names, one fixed date,
// mode 0644, no extra fields, no comment, and STORE (no compression). Deflate output depends on
// the zlib build (Node bundles Chromium's zlib, whose output changes between Node releases and
// CPU features), so stored entries are what keeps a package byte-identical across machines.
import archiver from 'archiver';
import { compareCodeUnits } from './format.js';

export interface ZipInputFile {
  path: string;
  data: Buffer;
}

/** Regular file, rw-r--r--: the same whatever the umask of the machine that packs. */
export const entryMode = 0o644;

export async function writeDeterministicZip(files: readonly ZipInputFile[], date: Date): Promise<Buffer> {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  // forceLocalTime false: the DOS date fields hold UTC, so the timezone of the machine does not matter.
  const archive = archiver('zip', { store: true, forceLocalTime: false, forceZip64: false, comment: '' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const file of sorted) {
    archive.append(file.data, { name: file.path, date, mode: entryMode, store: true });
  }
  await archive.finalize();
  return done;
}
