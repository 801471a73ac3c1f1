// `mwkit validate` of a generated 500-workspace project: < 1 s wall time, < 150 MB peak memory.
import { spawnSync } from 'node:child_process';

export const name = 'validate';

const rssReporter = new URL('../lib/report-rss.mjs', import.meta.url).href;

/** Peak resident memory in MB of one node run, reported by a preloaded exit hook. */
function peakMemoryMb(args, cwd) {
  const result = spawnSync(process.execPath, ['--import', rssReporter, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const match = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function run(ctx) {
  const project = ctx.generateProject(500);
  const one = ctx.generateProject(1);
  const [node, wall, oneWall] = ctx.timeCommandsInTurn(
    [
      { command: process.execPath, args: ['-e', '0'] },
      { command: process.execPath, args: [ctx.bin, 'validate', '--format', 'json'], cwd: project },
      { command: process.execPath, args: [ctx.bin, 'validate', '--format', 'json'], cwd: one },
    ],
    { runs: 7 },
  );
  return [
    { metric: 'validate, 500 workspaces (wall)', value: wall, unit: 'ms', budget: 1000, baseline: { label: 'node -e 0', value: node } },
    { metric: 'validate, 1 workspace (wall)', value: oneWall, unit: 'ms', budget: 1000, baseline: { label: 'node -e 0', value: node } },
    {
      metric: 'validate, 500 workspaces (peak RSS)',
      value: peakMemoryMb([ctx.bin, 'validate', '--format', 'json'], project),
      unit: 'MB',
      budget: 150,
      baseline: { label: 'node -e 0', value: peakMemoryMb(['-e', '0'], project) },
    },
  ];
}
