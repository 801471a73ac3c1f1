// The tool's own name and version, read once from package.json.
import { readFileSync } from 'node:fs';

let version: string | undefined;

export const toolName = 'mwkit';

export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
