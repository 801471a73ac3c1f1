// `mwkit test` over the shipped templates (every template once: 78 cases, each in a fresh
// QuickJS runtime). Issue 11 asked that isolating business logic cost at most twice the time of
// the node:vm runner it replaced: that runner took 9.8–12.1× `node -e 0` (measured in turn with
// the QuickJS runner, which took 9.2–9.8×), so the budget is 20× the same-run baseline.
export const name = 'logic';

const ratioBudget = 20;

export async function run(ctx) {
  const project = ctx.generateProject(8);
  const [test, baseline] = ctx.timeCommandsInTurn(
    [
      { command: process.execPath, args: [ctx.bin, 'test', project] },
      { command: process.execPath, args: ['-e', '0'] },
    ],
    { runs: 7 },
  );
  return [{ metric: 'mwkit test, every template (78 cases)', value: test, unit: 'ms', ratioBudget, baseline: { label: 'node -e 0', value: baseline } }];
}
