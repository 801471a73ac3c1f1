// The preview's environment: a demo environment server in the project's .mwkit/ folder, on a
// free port of 127.0.0.1 (only the front server is reachable from elsewhere), and the API client
// the preview applies and publishes with.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../env/client.js';
import { environmentApi, type EnvironmentApi } from '../env/api.js';
import { UserError } from '../errors.js';
import type { RunningServer } from '../server/index.js';
import type { PreviewUser } from './protocol.js';

export const previewFolder = '.mwkit';

export interface PreviewEnvironment {
  server: RunningServer;
  api: EnvironmentApi;
  dataDir: string;
  /** The demo company's people (not the administrator). */
  users: PreviewUser[];
  password: string;
  isNew: boolean;
}

export async function startEnvironment(root: string): Promise<PreviewEnvironment> {
  const dataDir = join(root, previewFolder, 'environment');
  const { createServer, openEnvironmentStore } = await import('../server/index.js');
  let server: RunningServer;
  try {
    server = await createServer({ store: openEnvironmentStore(dataDir), demo: true, host: '127.0.0.1', port: 0 });
  } catch (error) {
    throw environmentError(error, dataDir);
  }
  const demo = server.seed.demo;
  if (!demo) {
    await server.close();
    throw new UserError(`${dataDir} holds an environment without the demo company.`, `Delete that folder: mwkit preview then creates a new one.`);
  }
  const target = { name: 'preview', url: server.url, token: server.adminToken, source: 'flag' as const, isTokenFromEnv: false };
  return {
    server,
    api: environmentApi(createClient(target, { retries: 0 })),
    dataDir,
    users: demo.users.filter((user) => user.roles.length > 0).map(({ id, name, roles }) => ({ id, name, roles: [...roles] })),
    password: demo.password,
    isNew: server.seed.isNew,
  };
}

/** A project made before `init` ignored .mwkit/ would put the preview's database in git. */
export function gitignoreNote(root: string): string | undefined {
  const file = join(root, '.gitignore');
  if (!existsSync(file) && !existsSync(join(root, '.git'))) return undefined;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (/^\/?\.mwkit\/?\s*$/m.test(text)) return undefined;
  return `note: add \`${previewFolder}/\` to .gitignore: it holds the preview's data, not your project.`;
}

function environmentError(error: unknown, dataDir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'SQLITE_CANTOPEN' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EACCES') {
    return new UserError(`Cannot open the preview's data folder ${dataDir}.`, 'Make the project folder writable, or delete .mwkit/ and try again.');
  }
  if (error instanceof Error && /schema version/.test(error.message)) {
    return new UserError(error.message, `The preview's data was written by another mwkit version: delete ${dataDir} and try again.`);
  }
  return error;
}
