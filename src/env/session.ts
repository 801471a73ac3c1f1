// What every environment command shares: finding the target, the API client, the stdout/stderr
// split (`--json` puts only the JSON document on stdout), colours and upload progress.
import type { ChalkInstance } from 'chalk';
import { isColorEnabled } from '../cli/output.js';
import { createProgress } from '../package/cli-format.js';
import { colorsFor } from '../reporters/text.js';
import { environmentApi, type EnvironmentApi } from './api.js';
import { createClient, type ClientOptions } from './client.js';
import { describeTarget, resolveTarget, type Target } from './target.js';

export interface EnvCommandOptions {
  /** The --env flag: a profile name. */
  env?: string;
  json?: boolean;
  cwd?: string;
  /** Where MWKIT_ENV, MWKIT_URL, MWKIT_TOKEN and XDG_CONFIG_HOME are read (tests pass their own). */
  processEnv?: NodeJS.ProcessEnv;
  /** Timeouts and retries (tests shorten them). */
  clientOptions?: ClientOptions;
}

export interface Session {
  target: Target;
  api: EnvironmentApi;
}

export function openSession(options: EnvCommandOptions): Session {
  const target = resolveTarget({ env: options.env, processEnv: options.processEnv });
  return { target, api: environmentApi(createClient(target, options.clientOptions)) };
}

/** The environment as JSON output names it. */
export function targetJson(target: Target): { name: string | null; url: string } {
  return { name: target.name, url: target.url };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function stdoutColors(): ChalkInstance {
  return colorsFor(isColorEnabled(process.stdout));
}

/** Progress and notes go to stderr; `note` lines are shown in every mode (they are not data). */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

export { describeTarget };

/** An upload progress line on stderr, only on an interactive terminal (never in CI or a pipe). */
export function uploadProgress(label: string): { onUploadProgress: (sent: number, total: number | undefined) => void; done(): void } {
  const progress = createProgress(process.stderr);
  return {
    onUploadProgress: (sent, total) => progress.show(`${label}${total ? ` ${Math.floor((sent / total) * 100)}%` : ''}`),
    done: () => progress.clear(),
  };
}
