// `mwkit pack` of the generated 500-workspace project against `zip -X -r` over the same files in
// the same run (SPEC §7: no slower than zip, byte-identical on a second run), and `mwkit verify`
// of the package against `unzip -tq` of it. pack includes validating the project (it refuses
// to pack an invalid one), which is most of its time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const name = 'pack';

function packOnce(ctx, project, out) {
  const result = spawnSync(process.execPath, [ctx.bin, 'pack', '--out', out, '--json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`mwkit pack exited ${result.status}: ${result.stderr}`);
  const { path } = JSON.parse(result.stdout);
  const file = resolve(project, path);
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

export async function run(ctx) {
  const project = ctx.generateProject(500);
  const out = join(ctx.workDir, 'pack-500');
  mkdirSync(out, { recursive: true });
  // `zip -` streams the archive to stdout (ignored): zip does all its work, and no old archive is updated.
  const zip = ctx.timeCommand('zip', ['-X', '-r', '-q', '-', '.'], { runs: 9, cwd: project });
  const pack = ctx.timeCommand(process.execPath, [ctx.bin, 'pack', '--out', out], { runs: 5, cwd: project });
  // pack = validate + packaging; the difference shows what packaging itself costs.
  const validate = ctx.timeCommand(process.execPath, [ctx.bin, 'validate', '--format', 'json'], { runs: 5, cwd: project });
  const first = packOnce(ctx, project, out);
  const second = packOnce(ctx, project, out);
  const unzip = ctx.timeCommand('unzip', ['-tq', first.file], { runs: 9 });
  const verify = ctx.timeCommand(process.execPath, [ctx.bin, 'verify', first.file], { runs: 9 });
  return [
    { metric: 'pack, 500 workspaces (wall)', value: pack, unit: 'ms', ratioBudget: 1.0, baseline: { label: 'zip -X -r', value: zip } },
    { metric: 'pack minus validate (packaging alone)', value: Math.max(0, pack - validate), unit: 'ms', ratioBudget: 1.0, baseline: { label: 'zip -X -r', value: zip } },
    { metric: 'pack, second run differs (0 = identical)', value: first.sha256 === second.sha256 ? 0 : 1, unit: 'runs', budget: 0 },
    { metric: 'verify, 500-workspace package (wall)', value: verify, unit: 'ms', budget: 1000, baseline: { label: 'unzip -tq', value: unzip } },
  ];
}
