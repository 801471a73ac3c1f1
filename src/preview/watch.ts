// Watches the project's folders and reports which files changed, once the editor has finished
// saving: changes are collected until none came for `debounceMs`. One fs.watch per folder
// rather than Node 20's recursive mode, which on Linux loses a file that an editor replaces
// (write a copy, rename it over the original) after the first save.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatchOptions {
  debounceMs?: number;
  onChange(files: string[]): void;
  onError?(error: Error): void;
}

export interface ProjectWatcher {
  close(): void;
}

/** Folders whose files never change what the preview shows (the preview's own data among them). */
const ignoredFolders = new Set(['.mwkit', '.mwkit-env', '.git', 'node_modules', 'dist']);
/** The files a project is made of: YAML, JSON (the catalog) and business logic. */
const watchedFile = /\.(ya?ml|json|[cm]?js|ts)$/;

export function isWatchedFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  if (parts.some((part) => ignoredFolders.has(part))) return false;
  return watchedFile.test(parts.at(-1) ?? '');
}

export function watchProject(root: string, options: WatchOptions): ProjectWatcher {
  const debounceMs = options.debounceMs ?? 80;
  const pending = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let isClosed = false;

  const flush = (): void => {
    timer = undefined;
    if (isClosed || pending.size === 0) return;
    const files = [...pending].sort();
    pending.clear();
    options.onChange(files);
  };

  const changed = (folder: string, name: string): void => {
    const file = folder ? `${folder}/${name}` : name;
    if (isFolder(join(root, file))) {
      // A new folder (a new workspace): its files may be written before its watch starts.
      if (!ignoredFolders.has(name)) watchTree(file).forEach(add);
      return;
    }
    add(file);
  };

  const add = (file: string): void => {
    if (!isWatchedFile(file)) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  /** Watches `folder` and the folders in it; returns the files found there. */
  const watchTree = (folder: string): string[] => {
    if (isClosed || watchers.has(folder)) return [];
    let watcher: FSWatcher;
    try {
      watcher = watch(join(root, folder), (_event, name) => {
        if (name !== null) changed(folder, String(name));
      });
    } catch {
      return []; // gone already, or not readable: nothing there to preview
    }
    watcher.on('error', (error) => {
      watcher.close();
      watchers.delete(folder);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EPERM') options.onError?.(error);
    });
    watchers.set(folder, watcher);
    const files: string[] = [];
    for (const entry of safeReaddir(join(root, folder))) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !ignoredFolders.has(entry.name)) files.push(...watchTree(path));
      else if (entry.isFile()) files.push(path);
    }
    return files;
  };

  watchTree('');
  return {
    close() {
      isClosed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(path: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
}
