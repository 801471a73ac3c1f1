// A one-workspace project ("Live contacts", from the blank template) whose business logic a test
// rewrites between packs, for the tests of what reaches open apps; and the built binary run
// against an environment by MWKIT_URL and MWKIT_TOKEN, as a CI pipeline runs it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mwkit, repoRoot, type CliResult } from './cli.js';

export const liveWorkspace = { id: 'live-contacts', title: 'Live contacts' };

/** Logic that refuses the name "Zed" with a message naming `rule`: which logic runs is visible in the form. */
export function refusingLogic(rule: string): string {
  return `export function onActionValidating(ctx) {\n  if (ctx.values.name === 'Zed') return { name: '${rule} refuses Zed.' };\n  return {};\n}\n`;
}

export interface LiveProject {
  root: string;
  /** Sets the package version and the logic, leaving the workspace's own version alone. */
  write(packageVersion: string, logic: string): void;
  cleanup(): void;
}

export function liveProject(): LiveProject {
  const root = mkdtempSync(join(tmpdir(), 'mwkit-live-'));
  const folder = join(root, 'workspaces', liveWorkspace.id);
  cpSync(join(repoRoot, 'templates', 'blank'), folder, { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(root, 'catalog.json'));
  const yaml = readFileSync(join(folder, 'workspace.yaml'), 'utf8')
    .replace(/^id: .*$/m, `id: ${liveWorkspace.id}`)
    .replace(/^title: .*$/m, `title: ${liveWorkspace.title}`);
  writeFileSync(join(folder, 'workspace.yaml'), yaml);
  rmSync(join(folder, 'logic.test.yaml'), { force: true });
  return {
    root,
    write(packageVersion, logic) {
      writeFileSync(join(root, 'mwkit.yaml'), `name: live-logic\npublisher: Contoso\nversion: ${packageVersion}\ncatalog: catalog.json\n`);
      writeFileSync(join(folder, 'logic.js'), logic);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The built mwkit in `cwd`, against the environment at `url` with `token` (no profile). */
export function mwkitAgainst(url: string, token: string, args: string[], cwd: string): Promise<CliResult> {
  return mwkit(args, { cwd, env: { MWKIT_URL: url, MWKIT_TOKEN: token, XDG_CONFIG_HOME: join(cwd, '.config') } });
}
