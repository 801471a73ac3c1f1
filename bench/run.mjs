// Runs the bench suites and prints each figure beside its budget and same-run baseline.
import { readdirSync } from 'node:fs';
import { createContext } from './lib/context.mjs';

const only = process.argv.slice(2);
const suiteFiles = readdirSync(new URL('./suites/', import.meta.url))
  .filter((f) => f.endsWith('.mjs'))
  .sort();
const ctx = createContext();
let overBudget = 0;

const format = (value, unit) => `${Number(value).toFixed(unit === 'ms' ? 1 : 2)} ${unit}`;

for (const file of suiteFiles) {
  const suite = await import(`./suites/${file}`);
  if (only.length && !only.includes(suite.name)) continue;
  process.stdout.write(`\n## ${suite.name}\n`);
  for (const row of await suite.run(ctx)) {
    const ratio = row.baseline ? row.value / row.baseline.value : undefined;
    const isOk = row.ratioBudget !== undefined ? ratio <= row.ratioBudget : row.value <= row.budget;
    if (!isOk) overBudget++;
    const budget = row.ratioBudget !== undefined ? `≤ ${row.ratioBudget}× baseline` : `≤ ${format(row.budget, row.unit)}`;
    const baseline = row.baseline ? `baseline ${row.baseline.label}: ${format(row.baseline.value, row.baseline.unit ?? row.unit)}${ratio !== undefined ? ` (${ratio.toFixed(2)}×)` : ''}` : '';
    process.stdout.write(`${isOk ? 'ok  ' : 'OVER'}  ${row.metric.padEnd(44)} ${format(row.value, row.unit).padStart(12)}   budget ${budget.padEnd(18)} ${baseline}\n`);
  }
}
process.stdout.write(overBudget ? `\n${overBudget} figure(s) over budget\n` : '\nall figures within budget\n');
process.exitCode = overBudget ? 1 : 0;
