// `mwkit preview [path] [--port p] [--host h] [--user id]`: a local demo environment in the
// project's .mwkit/, the working copy applied and published to it, the app's URL, and a watch
// that re-checks and re-applies on every save, until Ctrl-C (or SIGTERM) stops all of it.
import { resolve } from 'node:path';
import { isColorEnabled } from '../cli/output.js';
import { ExitCode, UsageError } from '../errors.js';

export interface PreviewCommandOptions {
  path?: string;
  port?: string | number;
  host?: string;
  user?: string;
  cwd?: string;
  /** Stops the preview like SIGINT does (tests). */
  signal?: AbortSignal;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Called once the preview is ready, with its app URL (tests, bench). */
  onReady?: (appUrl: string) => void;
}

export const defaultPreviewPort = 4400;

export async function runPreview(options: PreviewCommandOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const port = parsePort(options.port);
  // Listening from the start: Ctrl-C while starting stops cleanly too, once started.
  const stop = stopRequested(options.signal);
  const { PreviewSession } = await import('../preview/session.js');
  let session;
  try {
    session = await PreviewSession.start({
      root: resolve(options.cwd ?? process.cwd(), options.path ?? '.'),
      host: options.host ?? '127.0.0.1',
      port: port ?? defaultPreviewPort,
      isPortFixed: port !== undefined,
      ...(options.user !== undefined ? { user: options.user } : {}),
      out: stdout,
      isColor: isColorEnabled(process.stdout),
    });
  } catch (error) {
    stop.cancel();
    throw error;
  }
  options.onReady?.(session.appUrl);
  await stop.requested;
  stderr.write('mwkit: stopping the preview…\n');
  // Stopping waits for a running apply; a second Ctrl-C does not wait.
  const stopNow = (): void => {
    stderr.write('mwkit: stopped without waiting.\n');
    process.exit(ExitCode.failed);
  };
  process.once('SIGINT', stopNow);
  process.once('SIGTERM', stopNow);
  try {
    await session.close();
  } finally {
    process.off('SIGINT', stopNow);
    process.off('SIGTERM', stopNow);
  }
  stderr.write('mwkit: stopped.\n');
  return ExitCode.ok;
}

function parsePort(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${String(value)}.`, 'Pass --port 0 to pick any free port.');
  return port;
}

function stopRequested(signal: AbortSignal | undefined): { requested: Promise<void>; cancel(): void } {
  let cancel = (): void => undefined;
  const requested = new Promise<void>((resolveStop) => {
    const remove = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
    };
    const stop = (): void => {
      remove();
      resolveStop();
    };
    cancel = remove;
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
  return { requested, cancel };
}
