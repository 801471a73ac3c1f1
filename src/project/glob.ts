// A small glob matcher for mwkit.yaml's `workspaces` patterns (`*`, `?`, `**`), because
// fs.glob needs Node 22 and a dependency would be more than this needs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function segmentToRegExp(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Files under `root` matching `pattern` (relative, forward slashes), sorted. */
export function expandGlob(root: string, pattern: string): string[] {
  const segments = pattern
    .replace(/^\.\//, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  const found = new Set<string>();
  walk(root, '', segments, found);
  return [...found].sort();
}

function walk(root: string, relative: string, segments: string[], found: Set<string>): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const entries = list(join(root, relative));
  if (head === '**') {
    walk(root, relative, rest, found);
    for (const entry of entries) {
      if (entry.isDirectory() && !isSkipped(entry.name)) walk(root, join(relative, entry.name), segments, found);
    }
    return;
  }
  if (!/[*?]/.test(head)) {
    // A literal segment needs no listing: 500 workspace folders would mean 500 readdirs.
    const path = relative ? `${relative}/${head}` : head;
    const kind = kindOf(join(root, path));
    if (rest.length === 0 ? kind === 'file' : kind === 'directory') {
      if (rest.length === 0) found.add(path);
      else walk(root, path, rest, found);
    }
    return;
  }
  const matcher = segmentToRegExp(head);
  for (const entry of entries) {
    if (!matcher.test(entry.name)) continue;
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (rest.length === 0) {
      if (entry.isFile()) found.add(path);
    } else if (entry.isDirectory()) {
      walk(root, path, rest, found);
    }
  }
}

function isSkipped(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function list(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function kindOf(path: string): 'file' | 'directory' | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats?.isFile() ? 'file' : stats?.isDirectory() ? 'directory' : undefined;
}
