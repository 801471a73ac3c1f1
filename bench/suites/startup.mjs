// `mwkit --version` and `--help` wall time against bare `node -e 0` (budget ≤ 1.5×).
export const name = 'startup';

export async function run(ctx) {
  const node = ctx.timeCommand(process.execPath, ['-e', '0'], { runs: 21 });
  const baseline = { label: 'node -e 0', value: node };
  return [
    { metric: 'mwkit --version', value: ctx.timeCommand(process.execPath, [ctx.bin, '--version'], { runs: 21 }), unit: 'ms', ratioBudget: 1.5, baseline },
    { metric: 'mwkit --help', value: ctx.timeCommand(process.execPath, [ctx.bin, '--help'], { runs: 21 }), unit: 'ms', ratioBudget: 1.5, baseline },
  ];
}
