// `mwkit --version` and `--help` wall time against bare `node -e 0` (budget ≤ 1.5×), run in turn
// so that the baseline and the figures see the same machine.
export const name = 'startup';

export async function run(ctx) {
  const [node, version, help] = ctx.timeCommandsInTurn(
    [
      { command: process.execPath, args: ['-e', '0'] },
      { command: process.execPath, args: [ctx.bin, '--version'] },
      { command: process.execPath, args: [ctx.bin, '--help'] },
    ],
    { runs: 21 },
  );
  const baseline = { label: 'node -e 0', value: node };
  return [
    { metric: 'mwkit --version', value: version, unit: 'ms', ratioBudget: 1.5, baseline },
    { metric: 'mwkit --help', value: help, unit: 'ms', ratioBudget: 1.5, baseline },
  ];
}
