// Runs the built mwkit binary as a subprocess, as a user would. `npm test` builds dist/ first.
import { execa, type Options } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'mwkit.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function mwkit(args: string[], options: Options = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [binPath, ...args], {
    reject: false,
    stdin: 'ignore',
    ...options,
    env: { NO_COLOR: '1', CI: '1', ...(options.env ?? {}) },
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A fresh temporary folder; remove it with the returned cleanup. */
export async function tempDir(prefix = 'mwkit-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
