// What every bench suite gets: paths, a timer for commands and a generated large project.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(repoRoot, 'bin', 'mwkit.js');
export const workDir = join(repoRoot, 'bench', '.work');

/** Median wall time in ms of `runs` runs of a command (after one warm-up run). */
export function timeCommand(command, args, { runs = 15, cwd = repoRoot, env = {} } = {}) {
  return timeCommandsInTurn([{ command, args, cwd, env }], { runs })[0];
}

/**
 * Median wall times in ms of several commands, run in turn (a, b, c, a, b, c, …) after one
 * warm-up round: a figure and its baseline then see the same machine, even a busy one.
 */
export function timeCommandsInTurn(commands, { runs = 15 } = {}) {
  const times = commands.map(() => []);
  for (let i = 0; i <= runs; i++) {
    commands.forEach(({ command, args, cwd = repoRoot, env = {} }, k) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: 'ignore' });
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
      if (i > 0) times[k].push(elapsed);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

/**
 * A project of `count` workspaces: the templates copied round-robin with numbered ids, plus the
 * demo catalog. Each logic script gets a line of its own, so no two files are the same (as in a
 * real project: nothing may be measured faster for repeating itself). Cached: generated once
 * per count.
 */
export function generateProject(count) {
  const dir = join(workDir, `project-${count}-distinct`);
  if (existsSync(join(dir, 'mwkit.yaml'))) return dir;
  const templates = JSON.parse(readFileSync(join(repoRoot, 'templates', 'templates.json'), 'utf8')).map((t) => t.id);
  mkdirSync(join(dir, 'workspaces'), { recursive: true });
  cpSync(join(repoRoot, 'templates', 'catalog.json'), join(dir, 'catalog.json'));
  writeFileSync(join(dir, 'mwkit.yaml'), `name: bench-${count}\npublisher: Bench Ltd\nversion: 1.0.0\ncatalog: catalog.json\n`);
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    const id = `${template}-${String(i).padStart(4, '0')}`;
    const target = join(dir, 'workspaces', id);
    cpSync(join(repoRoot, 'templates', template), target, { recursive: true });
    const file = join(target, 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, `id: ${id}`));
    const logic = join(target, 'logic.js');
    if (existsSync(logic)) writeFileSync(logic, `${readFileSync(logic, 'utf8')}\nconst benchWorkspace = '${id}';\n`);
  }
  return dir;
}

export function createContext() {
  mkdirSync(workDir, { recursive: true });
  return { repoRoot, bin, workDir, timeCommand, timeCommandsInTurn, generateProject };
}
