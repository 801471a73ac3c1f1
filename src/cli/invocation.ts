// How the user can run mwkit again from a given folder. After the README's first line
// (`./bin/mwkit.js init my-app`), `mwkit` is not on the PATH, so next steps that say
// `mwkit validate` would fail; they print the command that works from where the user stands.
import { realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const binScript = join(packageRoot, 'bin', 'mwkit.js');

export interface Invocation {
  /** `mwkit` on the PATH is this very install. */
  onPath: boolean;
  /** Started through `npx mwkit` (npm exec). */
  viaNpx: boolean;
  packageRoot: string;
  binScript: string;
}

/** The command that starts mwkit from `fromDir`, chosen without touching the disk. */
export function mwkitCommandFrom(fromDir: string, invocation: Invocation): string {
  if (invocation.onPath) return 'mwkit';
  // npx finds the package only from inside its own folder (else it would ask the registry).
  if (invocation.viaNpx && isInside(fromDir, invocation.packageRoot)) return 'npx mwkit';
  const fromHere = relative(fromDir, invocation.binScript);
  const shortest = fromHere.length < invocation.binScript.length ? fromHere : invocation.binScript;
  const path = isAbsolute(shortest) || shortest.startsWith('.') ? shortest : `.${sep}${shortest}`;
  return quoteForShell(path);
}

/** Where this process came from: PATH, npx or a path to bin/mwkit.js. */
export function currentInvocation(env: NodeJS.ProcessEnv = process.env): Invocation {
  return { onPath: pathFindsThisInstall(env.PATH ?? ''), viaNpx: env.npm_command === 'exec', packageRoot, binScript };
}

export function quoteForShell(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function isInside(dir: string, root: string): boolean {
  const path = relative(root, dir);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

function pathFindsThisInstall(searchPath: string): boolean {
  const ours = realPath(binScript);
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'mwkit');
    if (!isFile(candidate)) continue;
    // The first `mwkit` on the PATH is the one the shell runs: it must be this install.
    return realPath(candidate) === ours;
  }
  return false;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
