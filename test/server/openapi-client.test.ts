// A client made from the OpenAPI document by a tool its users have (openapi-typescript), checked
// against what the environment really answers: each answer below, as received, is written into a
// TypeScript file as a value of the type the generated client gives that operation, status and
// media type, and the file is type-checked (strict). A field the server sends that the document
// does not declare, a missing required one, a wrong type, null where the schema says a string,
// or a status the document does not list fails the check.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePackage, startServer, type TestServer, upload } from './helpers.js';

let server: TestServer;
const folder = mkdtempSync(join(tmpdir(), 'mwkit-openapi-client-'));

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.cleanup();
  rmSync(folder, { recursive: true, force: true });
});

interface Answer {
  /** The operation as the document names it: path template and method. */
  path: string;
  method: 'get' | 'post' | 'delete';
  status: number;
  mediaType: string;
  body: unknown;
}

async function answer(path: string, method: Answer['method'], response: Response): Promise<Answer> {
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!;
  return { path, method, status: response.status, mediaType, body: await response.json() };
}

const jsonBody = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/** Answers of every kind the document describes: lists, records, packages, sync results of each status, problems. */
async function realAnswers(): Promise<Answer[]> {
  const emma = await server.signIn('emma.fischer');
  const answers: Answer[] = [];
  const get = async (template: string, url: string, token?: string) => answers.push(await answer(template, 'get', await server.api(url, token ? { token } : {})));
  await get('/api/v1/health', '/health');
  await get('/api/v1/me', '/me', emma);
  await get('/api/v1/me/workspaces', '/me/workspaces', emma);
  await get('/api/v1/entities', '/entities', emma);
  await get('/api/v1/data/{entity}', '/data/ExpenseReport?limit=2', emma);
  await get('/api/v1/workspaces', '/workspaces');
  await get('/api/v1/packages', '/packages');
  await get('/api/v1/history', '/history?limit=3');
  await get('/api/v1/trust', '/trust');
  await get('/api/v1/tokens', '/tokens');
  await get('/api/v1/data/{entity}', '/data/Nope', emma);
  const reports = (answers.find((a) => a.path === '/api/v1/data/{entity}')!.body as { items: Array<{ number: string; _version: number }> }).items;
  await get('/api/v1/data/{entity}/{key}', `/data/ExpenseReport/${reports[0]!.number}`, emma);

  answers.push(await answer('/api/v1/auth/token', 'post', await server.api('/auth/token', { token: null, method: 'POST', ...jsonBody({ username: 'emma.fischer', password: 'mwkit-demo' }) })));
  answers.push(await answer('/api/v1/tokens', 'post', await server.api('/tokens', { method: 'POST', ...jsonBody({ name: `ci-${randomUUID().slice(0, 8)}` }) })));
  const bytes = await makePackage({ name: 'client-check' });
  answers.push(await answer('/api/v1/packages', 'post', await upload(server, bytes, '?dryRun=true')));
  answers.push(await answer('/api/v1/packages', 'post', await upload(server, bytes)));
  answers.push(await answer('/api/v1/packages', 'post', await upload(server, Buffer.from('not a zip'))));
  const unknownEntity = await makePackage({ name: 'client-check', version: '1.1.0', edit: { 'expense-management': (yaml) => yaml.replace('entity: ExpenseReport,', 'entity: ExpenseReports,') } });
  answers.push(await answer('/api/v1/packages', 'post', await upload(server, unknownEntity)));

  const sync = { token: emma, method: 'POST' };
  const report = reports[0]!;
  const operations = [
    { id: randomUUID(), entity: 'ExpenseReport', kind: 'create', key: `local:${randomUUID()}`, values: { purpose: 'Client check' } },
    { id: randomUUID(), entity: 'ExpenseReport', kind: 'update', key: report.number, baseVersion: report._version + 100, values: { purpose: 'Stale' } },
    { id: randomUUID(), entity: 'CostCentre', kind: 'create', values: { code: 'X', name: 'X' } },
  ];
  answers.push(await answer('/api/v1/sync/push', 'post', await server.api('/sync/push', { ...sync, ...jsonBody({ deviceId: `client-${randomUUID()}`, operations }) })));
  answers.push(await answer('/api/v1/sync/push', 'post', await server.api('/sync/push', { ...sync, ...jsonBody({ deviceId: '', operations: [] }) })));
  answers.push(await answer('/api/v1/sync/pull', 'get', await server.api('/sync/pull?since=0&entities=ExpenseReport&limit=3', { token: emma })));
  return answers;
}

/** `answer.body` as a constant of the generated type of its operation, status and media type. */
function typedConstant(answer: Answer, index: number): string {
  const type = `paths[${JSON.stringify(answer.path)}][${JSON.stringify(answer.method)}]['responses'][${answer.status}]['content'][${JSON.stringify(answer.mediaType)}]`;
  return `// ${answer.method.toUpperCase()} ${answer.path} → ${answer.status}\nexport const answer${index}: ${type} = ${JSON.stringify(answer.body, null, 2)};\n`;
}

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${where ? `line ${where.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('a client generated from the OpenAPI document', () => {
  it('types every real answer the environment gives', async () => {
    const document = JSON.parse(await (await server.api('/openapi.json', { token: null })).text()) as object;
    writeFileSync(join(folder, 'api.d.ts'), astToString(await openapiTS(document as Parameters<typeof openapiTS>[0], { silent: true })));
    const answers = await realAnswers();
    // Each kind of answer is there, so the check below covers them.
    expect(answers.map((a) => a.status)).toEqual(expect.arrayContaining([200, 400, 404, 422]));
    const pushed = answers.find((a) => a.path === '/api/v1/sync/push' && a.status === 200)!.body as { results: Array<{ status: string }> };
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'conflict', 'rejected']);
    expect(answers.some((a) => (a.body as { diagnostics?: unknown }).diagnostics)).toBe(true);
    const file = join(folder, 'answers.ts');
    writeFileSync(file, `import type { paths } from './api.js';\n\n${answers.map(typedConstant).join('\n')}`);
    expect(typeErrors(file)).toEqual([]);
  });

  it('would notice an answer the document does not describe', async () => {
    const file = join(folder, 'wrong.ts');
    const wrong: Answer = { path: '/api/v1/health', method: 'get', status: 200, mediaType: 'application/json', body: { status: 'ok', undeclared: true } };
    writeFileSync(file, `import type { paths } from './api.js';\n\n${typedConstant(wrong, 0)}`);
    expect(typeErrors(file).join('\n')).toMatch(/undeclared/);
  });
});
