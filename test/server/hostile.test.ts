// Hostile and broken uploads: each gets a 4xx with the reason, and the environment's state
// (packages, workspaces, history, trust) stays byte for byte what it was.
import { generateKeyPairSync } from 'node:crypto';
import archiver from 'archiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBytes, type Manifest } from '../../src/package/format.js';
import { sha256Hex } from '../../src/package/manifest.js';
import { keyFingerprint } from '../../src/package/signing.js';
import { json, makePackage, startServer, stateSnapshot, upload, type TestServer } from './helpers.js';
import { craftZip, entriesOf, manifestFor, type CraftEntry } from './zips.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
  reason?: string;
  code?: string;
  diagnostics?: { ok: boolean; errors: number; diagnostics: Array<{ code: string; file: string; pointer: string; message: string }> };
  errors?: Array<{ pointer: string; message: string }>;
}

let server: TestServer;
let before: string;
const definition = jsonBytes({ id: 'w', version: '1.0.0' });
const base = (): CraftEntry[] => [
  { name: 'manifest.json', data: manifestFor({ 'workspaces/w/workspace.json': definition }) },
  { name: 'workspaces/w/workspace.json', data: definition },
];

beforeAll(async () => {
  server = await startServer({ maxPackageBytes: 2 * 1024 * 1024 });
  await upload(server, await makePackage({ version: '1.1.0', workspaces: ['expense-management', 'sales-orders'] }));
  await server.api('/workspaces/expense-management/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  before = await stateSnapshot(server);
});

afterAll(async () => server.cleanup());

async function expectRefused(response: Response, status: number, slug: string, reason?: RegExp): Promise<Problem> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = await json<Problem>(response);
  expect({ status: response.status, type: problem.type }).toEqual({ status, type: `https://mwkit.dev/problems/${slug}` });
  if (reason) expect(`${problem.detail} ${problem.reason ?? ''}`).toMatch(reason);
  expect(await stateSnapshot(server)).toBe(before);
  return problem;
}

async function archiverZip(add: (archive: archiver.Archiver) => void): Promise<Buffer> {
  const archive = archiver('zip', { store: true });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => archive.on('end', resolve));
  add(archive);
  await archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Entry b.json's local header and data lie inside a.json's data: an overlapping-file zip bomb. */
function overlappingZip(): Buffer {
  const inner = Buffer.from('{}');
  const innerZip = craftZip([{ name: 'b.json', data: inner }]);
  const bLocal = innerZip.subarray(0, 30 + 'b.json'.length + inner.length);
  const entries = base();
  const before = entries.reduce((offset, e) => offset + 30 + Buffer.byteLength(e.name as string) + e.data!.length, 0);
  return craftZip([...entries, { name: 'a.json', data: bLocal }, { name: 'b.json', data: inner, offsetOverride: before + 30 + 'a.json'.length }]);
}

describe("the safe reader's refusals reach the client as 422 with the reason", () => {
  const zeros = Buffer.alloc(1024 * 1024);
  const attacks: Array<[string, () => Buffer | Promise<Buffer>, string, RegExp]> = [
    ['path traversal', () => craftZip([...base(), { name: '../evil.js', data: Buffer.from('x') }]), 'unsafe-path', /\.\./],
    ['an absolute path', () => craftZip([...base(), { name: '/etc/passwd', data: Buffer.from('x') }]), 'unsafe-path', /absolute/],
    ['a backslash path', () => craftZip([...base(), { name: 'workspaces\\w\\logic.js', data: Buffer.from('x') }]), 'unsafe-path', /backslash/],
    ['a drive letter', () => craftZip([...base(), { name: 'C:/evil.js', data: Buffer.from('x') }]), 'unsafe-path', /drive/],
    ['a NUL byte in a name', () => craftZip([...base(), { name: 'a\u0000b.json', data: Buffer.from('x') }]), 'unsafe-path', /NUL/],
    [
      'a symlink',
      () =>
        archiverZip((a) => {
          a.append(manifestFor({ 'workspaces/w/workspace.json': definition }), { name: 'manifest.json' });
          a.append(definition, { name: 'workspaces/w/workspace.json' });
          a.symlink('workspaces/w/logic.js', '/etc/passwd');
        }),
      'not-a-file',
      /symbolic link/,
    ],
    ['a duplicate entry', () => craftZip([...base(), { name: 'workspaces/w/workspace.json', data: definition }]), 'duplicate-entry', /twice/],
    ['names colliding after case folding', () => craftZip([...base(), { name: 'Workspaces/W/Workspace.json', data: definition }]), 'duplicate-entry', /case/],
    ['an encrypted entry', () => craftZip([...base(), { name: 'secret.json', data: Buffer.from('x'), flags: 1 }]), 'encrypted', /encrypt/],
    ['an unknown compression method', () => craftZip([...base(), { name: 'b.json', data: Buffer.from('x'), method: 12 }]), 'unsupported-compression', /compression/],
    ['a zip bomb by ratio', () => craftZip([...base(), { name: 'bomb.json', data: zeros, method: 8 }]), 'compression-ratio', /ratio|bomb/],
    [
      'an entry inflating beyond its declared size',
      () => craftZip([...base(), { name: 'big.json', data: Buffer.alloc(5000, 0x61), method: 8, declaredSize: 10, crc: 0 }]),
      'size-mismatch',
      /declares/,
    ],
    ['overlapping entries', overlappingZip, 'overlapping-entries', /overlap/],
    ['a CRC mismatch', () => craftZip([{ ...base()[0]! }, { name: 'workspaces/w/workspace.json', data: definition, crc: 12345 }]), 'crc-mismatch', /CRC/],
    [
      'a truncated zip',
      () => {
        const zip = craftZip(base());
        return zip.subarray(0, zip.length - 30);
      },
      'corrupt',
      /zip/i,
    ],
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), 'corrupt', /zip/i],
    ['no manifest', () => craftZip([{ name: 'workspaces/w/workspace.json', data: definition }]), 'missing-manifest', /manifest/],
    [
      'a manifest that is not JSON',
      () =>
        craftZip([
          { name: 'manifest.json', data: Buffer.from('{not json') },
          { name: 'workspaces/w/workspace.json', data: definition },
        ]),
      'invalid-manifest',
      /JSON/,
    ],
    [
      'a manifest of a newer format',
      () =>
        craftZip([
          { name: 'manifest.json', data: Buffer.from(JSON.stringify({ format: 99 })) },
          { name: 'workspaces/w/workspace.json', data: definition },
        ]),
      'unsupported-format',
      /format/,
    ],
    ['a malformed signature.json', () => craftZip([...base(), { name: 'signature.json', data: Buffer.from('{"algorithm":"rsa"}') }]), 'invalid-signature-file', /signature/],
    ['too many entries', () => craftZip([...base(), ...Array.from({ length: 10_001 }, (_, i) => ({ name: `f/${i}.json`, data: Buffer.from('1') }))]), 'too-many-entries', /entries/],
  ];

  it.each(attacks)('%s', async (_name, make, code, reason) => {
    const problem = await expectRefused(await upload(server, await make()), 422, 'package-rejected', reason);
    expect(problem.code).toBe(code);
  });
});

describe('packages that read fine but are not acceptable', () => {
  it('a tampered file: its digest no longer matches the manifest', async () => {
    const entries = await entriesOf(await makePackage({ version: '1.2.0' }));
    const tampered = entries.map((e) => (e.name.endsWith('workspace.json') ? { ...e, data: Buffer.from(e.data.toString().replace('Expense management', 'Expense managemenT')) } : e));
    const problem = await expectRefused(await upload(server, craftZip(tampered)), 422, 'package-rejected', /SHA-256|altered/);
    expect(problem.code).toBe('digest-mismatch');
  });

  it('a file the manifest does not list', async () => {
    const entries = await entriesOf(await makePackage({ version: '1.2.0' }));
    const problem = await expectRefused(await upload(server, craftZip([...entries, { name: 'workspaces/extra.js', data: Buffer.from('1') }])), 422, 'package-rejected', /not listed/);
    expect(problem.code).toBe('unlisted-file');
  });

  it('workspaces naming an unknown entity and an unknown field: the validate diagnostics', async () => {
    const bytes = await makePackage({
      version: '1.2.0',
      edit: {
        'expense-management': (yaml) =>
          yaml.replace('{ label: Draft reports, entity: ExpenseReport,', '{ label: Draft reports, entity: ExpenseReports,').replace('search: [purpose, number]', 'search: [purpse, number]'),
      },
    });
    const problem = await expectRefused(await upload(server, bytes), 422, 'package-rejected', /error/);
    expect(problem.diagnostics).toMatchObject({ ok: false });
    expect(problem.diagnostics!.errors).toBeGreaterThanOrEqual(2);
    const messages = problem.diagnostics!.diagnostics.map((d) => `${d.file} ${d.pointer} ${d.message}`).join('\n');
    expect(messages).toMatch(/workspaces\/expense-management\/workspace\.json .*ExpenseReports/);
    expect(messages).toMatch(/purpse/);
  });

  it('business logic that does not parse, even with a consistent manifest', async () => {
    const entries = await entriesOf(await makePackage({ version: '1.2.0' }));
    const logicPath = 'workspaces/expense-management/logic.js';
    const broken = Buffer.from('export function onPageOpened(ctx) {\n  if (ctx.page.id === \n}\n');
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as Manifest;
    manifest.files = manifest.files.map((f) => (f.path === logicPath ? { ...f, size: broken.length, sha256: sha256Hex(broken) } : f));
    const rebuilt = entries.map((e) => (e.name === logicPath ? { ...e, data: broken } : e.name === 'manifest.json' ? { ...e, data: jsonBytes(manifest) } : e));
    const problem = await expectRefused(await upload(server, craftZip(rebuilt)), 422, 'package-rejected', /does not parse/);
    expect(problem.diagnostics!.diagnostics).toEqual([expect.objectContaining({ code: 'MW210', file: logicPath })]);
  });

  it('a downgrade without allowDowngrade', async () => {
    const problem = await expectRefused(
      await upload(server, await makePackage({ version: '1.0.0', workspaces: ['expense-management', 'sales-orders'] })),
      409,
      'downgrade',
      /older than the current 1\.1\.0/,
    );
    expect(problem.detail).toMatch(/allowDowngrade/);
  });

  it('the same version with other bytes', async () => {
    await expectRefused(await upload(server, await makePackage({ version: '1.1.0', workspaces: ['expense-management'] })), 409, 'package-conflict', /other contents/);
  });

  it('a workspace id another package has applied', async () => {
    await expectRefused(await upload(server, await makePackage({ name: 'other-apps', workspaces: ['sales-orders'] })), 409, 'workspace-conflict', /sales-orders \(in demo-apps\)/);
  });

  it('a dry run is refused the same way', async () => {
    await expectRefused(await upload(server, await makePackage({ version: '1.0.0', workspaces: ['expense-management', 'sales-orders'] }), '?dryRun=true'), 409, 'downgrade');
  });
});

describe('requests that are not packages at all', () => {
  it('an oversized body: 413', async () => {
    await expectRefused(await upload(server, Buffer.alloc(3 * 1024 * 1024, 1)), 413, 'payload-too-large');
  });

  it('a body that is not a zip: 415 for another media type, 422 for zip bytes that are not a zip', async () => {
    await expectRefused(await upload(server, Buffer.from('hello'), '', 'text/plain'), 415, 'unsupported-media-type');
    await expectRefused(await upload(server, Buffer.from('{"a":1}'), '', 'application/json'), 415, 'unsupported-media-type');
    const problem = await expectRefused(await upload(server, Buffer.from('hello, this is not a zip')), 422, 'package-rejected', /zip/i);
    expect(problem.code).toBe('corrupt');
  });

  it('malformed JSON: 400', async () => {
    for (const path of ['/trust', '/workspaces/expense-management/publish', '/packages/demo-apps/rollback']) {
      const response = await server.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"roles": [' });
      await expectRefused(response, 400, 'invalid-request', /JSON/);
    }
    const signIn = await server.api('/auth/token', { token: null, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{username:' });
    await expectRefused(signIn, 400, 'invalid-request');
  });

  it('unknown properties and query parameters: 400 naming them', async () => {
    const problem = await expectRefused(await upload(server, await makePackage(), '?dryRun=true&force=yes'), 400, 'invalid-request', /force/);
    expect(problem.errors).toEqual([{ pointer: '/query/force', message: 'Unknown query parameter `force`.' }]);
    await expectRefused(
      await server.api('/workspaces/expense-management/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"roles":["Employee"],"everyone":true}' }),
      400,
      'invalid-request',
      /everyone/,
    );
  });
});

describe('the trust policy', () => {
  const trusted = generateKeyPairSync('ed25519');
  const stranger = generateKeyPairSync('ed25519');

  beforeAll(async () => {
    const response = await server.api('/trust', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicKey: trusted.publicKey.export({ type: 'spki', format: 'pem' }) }),
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ fingerprint: keyFingerprint(trusted.publicKey) });
    before = await stateSnapshot(server);
  });

  it('turns signatures on with the first key', async () => {
    expect(await json(await server.api('/trust'))).toMatchObject({ requireSignature: true, keys: [{ fingerprint: keyFingerprint(trusted.publicKey), addedBy: 'admin' }] });
  });

  it('refuses an unsigned package', async () => {
    const problem = await expectRefused(await upload(server, await makePackage({ version: '1.3.0', workspaces: ['expense-management', 'sales-orders'] })), 422, 'signature-required', /not signed/);
    expect(problem.code).toBe('unsigned');
  });

  it('refuses a package signed by a key it does not trust', async () => {
    const problem = await expectRefused(
      await upload(server, await makePackage({ version: '1.3.0', workspaces: ['expense-management', 'sales-orders'], signingKey: stranger.privateKey })),
      422,
      'signature-required',
      /does not trust/,
    );
    expect(problem.code).toBe('unknown-key');
  });

  it('refuses a signed package whose manifest was changed after signing', async () => {
    const entries = await entriesOf(await makePackage({ version: '1.3.0', workspaces: ['expense-management', 'sales-orders'], signingKey: trusted.privateKey }));
    const forged = entries.map((e) => (e.name === 'manifest.json' ? { ...e, data: Buffer.from(e.data.toString().replace('"version": "1.3.0"', '"version": "1.3.1"')) } : e));
    const problem = await expectRefused(await upload(server, craftZip(forged)), 422, 'signature-required', /altered|forged/);
    expect(problem.code).toBe('bad-signature');
  });

  it('has nothing to roll back to before a second version', async () => {
    await expectRefused(await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 404, 'not-found');
  });

  it('accepts a package signed by the trusted key, and records the key', async () => {
    const response = await upload(server, await makePackage({ version: '1.3.0', workspaces: ['expense-management', 'sales-orders'], signingKey: trusted.privateKey }));
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ package: { signed: true, keyFingerprint: keyFingerprint(trusted.publicKey) } });
    // The list says what the apply said: the key on the signed version, no key (not "") on the others.
    const listed = (await json(await server.api('/packages'))) as Array<{ name: string; version: string; signed: boolean; keyFingerprint?: string }>;
    const versions = listed.filter((p) => p.name === 'demo-apps');
    expect(versions.find((p) => p.version === '1.3.0')).toMatchObject({ signed: true, keyFingerprint: keyFingerprint(trusted.publicKey) });
    const unsigned = versions.filter((p) => !p.signed);
    expect(unsigned.length).toBeGreaterThan(0);
    for (const version of unsigned) expect(version).not.toHaveProperty('keyFingerprint');
    before = await stateSnapshot(server);
    const rollback = await server.api('/packages/demo-apps/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const problem = await expectRefused(rollback, 422, 'signature-required', /not signed by a key this environment trusts/);
    expect(problem.code).toBe('unsigned');
  });
});
