// Copying template folders as a list of planned file writes, so that every check (does the
// target exist? would we overwrite something?) happens before the first byte is written.
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';

/** npm strips .gitignore from published packages, so templates ship it as _gitignore. */
export const templateFileRenames: Readonly<Record<string, string>> = { _gitignore: '.gitignore' };

export interface PlannedFile {
  /** Absolute source path. */
  from: string;
  /** Absolute target path. */
  to: string;
  /** Rewrites the file's text on the way (e.g. sets the workspace id). */
  edit?: (text: string) => string;
  /** Leave an existing target alone instead of treating it as a conflict (e.g. .gitignore). */
  keepExisting?: boolean;
}

export interface WriteResult {
  written: string[];
  kept: string[];
}

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relativeDir: string): void => {
    for (const entry of readdirSync(join(dir, relativeDir), { withFileTypes: true })) {
      const path = relativeDir ? posix.join(relativeDir, entry.name) : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

/** One planned write per file of `fromDir`, into `toDir`, with template renames applied. */
export function planFolderCopy(fromDir: string, toDir: string): PlannedFile[] {
  return listFiles(fromDir).map((path) => {
    const segments = path.split('/').map((segment) => templateFileRenames[segment] ?? segment);
    return { from: join(fromDir, ...path.split('/')), to: join(toDir, ...segments) };
  });
}

/** Targets that exist already and may not be overwritten. */
export function conflictingFiles(plan: readonly PlannedFile[]): string[] {
  return plan.filter((file) => !file.keepExisting && existsSync(file.to)).map((file) => file.to);
}

/** Writes the plan; call conflictingFiles first. Never overwrites an existing file. */
export function writePlannedFiles(plan: readonly PlannedFile[]): WriteResult {
  const result: WriteResult = { written: [], kept: [] };
  for (const file of plan) {
    if (existsSync(file.to)) {
      result.kept.push(file.to);
      continue;
    }
    mkdirSync(dirname(file.to), { recursive: true });
    if (file.edit) writeFileSync(file.to, file.edit(readFileSync(file.from, 'utf8')), { flag: 'wx' });
    else copyFileSync(file.from, file.to, constants.COPYFILE_EXCL);
    result.written.push(file.to);
  }
  return result;
}

/** A path for output: relative to `base` with forward slashes, or absolute when it lies outside `base`. */
export function displayPath(base: string, path: string): string {
  const shown = relative(base, path).split(sep).join('/');
  if (shown === '') return '.';
  return shown === '..' || shown.startsWith('../') || isAbsolute(shown) ? path : shown;
}
