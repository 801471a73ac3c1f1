// apply, inspect and verify take one package. A shell pattern such as `dist/*.mwpkg` expands to
// every package in the folder once it holds several; commander's "too many arguments" names
// none of them, so the commands take the extra arguments and refuse them here, by name.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { visibleText } from '../text/terminal.js';

export function takesOnePackage(command: Command): Command {
  return command.allowExcessArguments(true);
}

/** Throws a usage error naming every package given when there is more than one. */
export function checkOnePackage(commandName: string, given: readonly string[]): void {
  if (given.length <= 1) return;
  const names = given.map(visibleText);
  const shown = names.length <= 6 ? names : [...names.slice(0, 5), `… (${names.length - 5} more)`];
  throw new UsageError(
    `${commandName} takes one package, but was given ${given.length}:\n${shown.map((path) => `    ${path}`).join('\n')}`,
    `Name one of them. A pattern such as dist/*.mwpkg matches every package in the folder; in CI take the path that mwkit pack prints: mwkit pack --json > pack.json && mwkit ${commandName} "$(jq -r .path pack.json)"${commandName === 'apply' ? ' --yes' : ''}`,
  );
}
