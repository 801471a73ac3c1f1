// Zips crafted byte by byte for the hostile-upload tests: each changes exactly one thing of a
// well-formed package (names, flags, sizes, CRCs, layout), nothing fixed up behind the test's back.
import { readPackage } from '../../src/package/reader.js';
import { craftZip as craftShared, type CraftEntry } from '../helpers/zips.js';

export { manifestFor, type CraftEntry } from '../helpers/zips.js';

/** Entries with the UTF-8 name flag set, as mwkit's own packages have it. */
export function craftZip(entries: CraftEntry[]): Buffer {
  return craftShared(entries.map((e) => ({ ...e, flags: (e.flags ?? 0) | 0x800 })));
}

/** The entries of a real package, to re-zip with changes. */
export async function entriesOf(pkg: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  const contents = await readPackage(pkg);
  return [...contents.entries].map(([name, data]) => ({ name, data }));
}
