// `mwkit env use <name>`: makes a saved environment the current one.
import { ExitCode } from '../errors.js';
import { setCurrentProfile } from '../env/profiles.js';
import { note } from '../env/session.js';

export interface EnvUseOptions {
  name: string;
  processEnv?: NodeJS.ProcessEnv;
}

export async function runEnvUse(options: EnvUseOptions): Promise<number> {
  const processEnv = options.processEnv ?? process.env;
  setCurrentProfile(options.name, processEnv);
  process.stdout.write(`The current environment is now ${options.name}.\n`);
  if (processEnv.MWKIT_ENV?.trim() || processEnv.MWKIT_URL?.trim()) note('mwkit: MWKIT_ENV or MWKIT_URL is set and still takes precedence in this shell.');
  return ExitCode.ok;
}
