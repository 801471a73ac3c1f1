// Help text helpers shared by the command registrations.

/** The "Examples:" section every command's --help ends with. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
