// apply, inspect and verify take one package; a shell pattern that matches several is refused
// by naming them (not commander's bare "too many arguments"), before anything is sent.
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, tempDir } from '../helpers/cli.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir());
  mkdirSync(join(root, 'dist'));
  for (const version of ['1.0.0', '1.1.0', '1.2.0']) writeFileSync(join(root, 'dist', `my-app-${version}.mwpkg`), 'not a zip');
});
afterEach(() => cleanup());

/** As a CI step types it: the shell expands the pattern. */
const throughShell = (line: string) =>
  execa('sh', ['-c', `"${process.execPath}" "${binPath}" ${line}`], {
    cwd: root,
    reject: false,
    // No environment is running there: a refusal must come before any request.
    env: { NO_COLOR: '1', CI: '1', MWKIT_URL: 'http://127.0.0.1:9', MWKIT_TOKEN: 'x' },
  });

describe('one package per command', () => {
  for (const command of ['apply', 'inspect', 'verify']) {
    it(`mwkit ${command} dist/*.mwpkg names every package it was given`, async () => {
      const result = await throughShell(`${command} dist/*.mwpkg${command === 'apply' ? ' --yes' : ''}`);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('too many arguments');
      expect(result.stderr).toContain(`mwkit: ${command} takes one package, but was given 3:\n    dist/my-app-1.0.0.mwpkg\n    dist/my-app-1.1.0.mwpkg\n    dist/my-app-1.2.0.mwpkg\n`);
      expect(result.stderr).toContain('mwkit pack --json > pack.json');
    });
  }

  it('one package still goes through (and is then checked as a package)', async () => {
    const result = await throughShell('inspect dist/my-app-1.2.0.mwpkg');
    expect(result.stderr).not.toContain('takes one package');
    expect(result.exitCode).not.toBe(0);
  });
});
