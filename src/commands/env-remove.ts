// `mwkit env remove <name>`: forgets a saved environment and its token.
import { ExitCode } from '../errors.js';
import { readConfig, removeProfile, unknownProfileError } from '../env/profiles.js';

export interface EnvRemoveOptions {
  name: string;
  processEnv?: NodeJS.ProcessEnv;
}

export async function runEnvRemove(options: EnvRemoveOptions): Promise<number> {
  const processEnv = options.processEnv ?? process.env;
  const wasCurrent = readConfig(processEnv).current === options.name;
  if (!removeProfile(options.name, processEnv)) throw unknownProfileError(options.name, Object.keys(readConfig(processEnv).environments));
  const after = wasCurrent ? ' There is no current environment now: choose one with mwkit env use <name>.' : '';
  process.stdout.write(`Removed environment ${options.name} and its token.${after}\n`);
  return ExitCode.ok;
}
