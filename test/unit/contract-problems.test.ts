// The problem catalogue is the only one (issue 29, step 2): its slugs, statuses and titles,
// and no second copy of the base URL or a slug table anywhere in src/ or app/src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemBase, problemCatalogue, problemOf, problemSlugOf, problemType } from '../../src/contract/problems.js';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the problem catalogue', () => {
  it('gives every slug a 4xx or 5xx status and a title', () => {
    for (const [slug, { status, title }] of Object.entries(problemCatalogue)) {
      expect(status, slug).toBeGreaterThanOrEqual(400);
      expect(status, slug).toBeLessThan(600);
      expect(title.length, slug).toBeGreaterThan(0);
    }
    expect(problemCatalogue.unprocessable).toEqual({ status: 422, title: 'The change breaks a rule' });
  });

  it("makes a problem with the catalogue's status and title unless the call gives its own", () => {
    expect(problemOf('not-found', 'No such report.')).toEqual({ type: 'https://mwkit.dev/problems/not-found', title: 'Not found', status: 404, detail: 'No such report.' });
    expect(problemOf('unprocessable', 'Too much.', { title: 'Over the limit', field: 'amount' })).toMatchObject({ status: 422, title: 'Over the limit', field: 'amount' });
  });

  it('reads a slug back from a type of this catalogue only', () => {
    expect(problemSlugOf(problemType('package-rejected'))).toBe('package-rejected');
    expect(problemSlugOf(`${problemBase}no-such-kind`)).toBeUndefined();
    expect(problemSlugOf('https://example.com/problems/not-found')).toBeUndefined();
    expect(problemSlugOf(undefined)).toBeUndefined();
  });

  it('is the only place that writes the problem base URL', () => {
    const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'app', 'src'))].filter((file) => !file.startsWith(join(root, 'src', 'contract')));
    const copies = files.filter((file) => readFileSync(file, 'utf8').includes('mwkit.dev/problems')).map((file) => relative(root, file));
    expect(copies).toEqual([]);
  });
});
