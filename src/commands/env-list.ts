// `mwkit env list [--json]`: the saved environments, the current one marked. Tokens are never shown.
import { ExitCode } from '../errors.js';
import { listProfiles, type ProfileSummary } from '../env/profiles.js';
import { note, printJson } from '../env/session.js';

export interface EnvListOptions {
  json?: boolean;
  processEnv?: NodeJS.ProcessEnv;
}

export async function runEnvList(options: EnvListOptions): Promise<number> {
  const processEnv = options.processEnv ?? process.env;
  const profiles = listProfiles(processEnv);
  if (options.json) printJson(profiles);
  else process.stdout.write(formatEnvList(profiles));
  const override = overrideNote(processEnv);
  if (override) note(override);
  return ExitCode.ok;
}

export function formatEnvList(profiles: readonly ProfileSummary[]): string {
  if (profiles.length === 0) return 'No environments yet. Add one with mwkit env add <name> --url <url> --token-stdin, or run mwkit env start.\n';
  const width = Math.max(...profiles.map((p) => p.name.length), 4);
  const lines = [`  ${'NAME'.padEnd(width)}  URL`];
  for (const profile of profiles) {
    const token = profile.hasToken ? '' : '  (no token)';
    lines.push(`${profile.isCurrent ? '*' : ' '} ${profile.name.padEnd(width)}  ${profile.url}${token}`);
  }
  return `${lines.join('\n')}\n`;
}

/** MWKIT_ENV / MWKIT_URL change which environment commands use; say so, since the list alone would mislead. */
function overrideNote(processEnv: NodeJS.ProcessEnv): string | undefined {
  if (processEnv.MWKIT_URL?.trim()) return `mwkit: MWKIT_URL is set: commands use ${processEnv.MWKIT_URL.trim()}.`;
  if (processEnv.MWKIT_ENV?.trim()) return `mwkit: MWKIT_ENV is set: commands use ${processEnv.MWKIT_ENV.trim()}.`;
  return undefined;
}
