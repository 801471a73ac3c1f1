// Verification: a package is valid only if every file is listed with the right size and digest,
// nothing is missing or extra, and (with keys) it carries a valid signature by one of them.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/package/build.js';
import { jsonBytes, type Manifest, type SignatureFile } from '../../src/package/format.js';
import { readPackage, type PackageContents } from '../../src/package/reader.js';
import { keyFingerprint, signManifest } from '../../src/package/signing.js';
import { checkSignature, verifyPackage } from '../../src/package/verify.js';
import { writeDeterministicZip } from '../../src/package/zip-writer.js';
import { validateProject } from '../../src/validate/index.js';
import { baseWorkspace, projectFile, testCatalog, writeTree } from '../helpers/project.js';

const logic = 'export function onActionValidating(context) {}\n';
const signer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');

async function packed(signed = false): Promise<Buffer> {
  const root = writeTree({
    'mwkit.yaml': projectFile,
    'catalog.json': testCatalog,
    'workspaces/expenses/workspace.yaml': JSON.stringify({ ...baseWorkspace(), logic: 'logic.js' }),
    'workspaces/expenses/logic.js': logic,
  });
  const validation = validateProject({ path: root });
  expect(validation.errors).toBe(0);
  const built = await buildPackage(validation.project, { createdAt: new Date(0), ...(signed ? { signingKey: signer.privateKey } : {}) });
  return built.bytes;
}

/** The package re-zipped after `edit` changed its files: a tamperer who knows the format. */
async function rezipped(archive: Buffer, edit: (files: Map<string, Buffer>) => void): Promise<PackageContents> {
  const files = new Map((await readPackage(archive)).entries);
  edit(files);
  return readPackage(
    await writeDeterministicZip(
      [...files].map(([path, data]) => ({ path, data })),
      new Date(0),
    ),
  );
}

function editManifest(files: Map<string, Buffer>, change: (manifest: Manifest) => void): void {
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
  change(manifest);
  files.set('manifest.json', jsonBytes(manifest));
}

function codes(pkg: PackageContents, keys: KeyObject[] = []): string[] {
  return verifyPackage(pkg, { keys }).problems.map((p) => p.code);
}

describe('verifyPackage', () => {
  it('accepts a package as pack wrote it', async () => {
    const report = verifyPackage(await readPackage(await packed()));
    expect(report).toEqual({ ok: true, problems: [], signature: { status: 'unsigned' } });
  });

  it('accepts a signed package with its key, and reports it not checked without keys', async () => {
    const pkg = await readPackage(await packed(true));
    const fingerprint = keyFingerprint(signer.publicKey);
    expect(verifyPackage(pkg, { keys: [signer.publicKey] })).toEqual({ ok: true, problems: [], signature: { status: 'valid', keyFingerprint: fingerprint } });
    expect(verifyPackage(pkg).signature).toEqual({ status: 'not-checked', keyFingerprint: fingerprint });
    expect(checkSignature(pkg, [stranger.publicKey, signer.publicKey]).status).toBe('valid');
  });

  it('refuses one changed byte of a file (the zip CRC catches it before the digest)', async () => {
    const archive = await packed();
    const at = archive.indexOf(Buffer.from(logic));
    archive[at] = 'E'.charCodeAt(0);
    await expect(readPackage(archive)).rejects.toMatchObject({ code: 'crc-mismatch', path: 'workspaces/expenses/logic.js' });
  });

  it('refuses a changed file re-zipped with a correct CRC: the digest differs', async () => {
    const pkg = await rezipped(await packed(), (files) => files.set('workspaces/expenses/logic.js', Buffer.from(logic.replace('{}', '{ } '))));
    expect(codes(pkg)).toEqual(['size-mismatch']);
    const sameSize = await rezipped(await packed(), (files) => files.set('workspaces/expenses/logic.js', Buffer.from(logic.replace('{}', '{;')).subarray(0, logic.length)));
    expect(verifyPackage(sameSize).problems).toEqual([
      { code: 'digest-mismatch', path: 'workspaces/expenses/logic.js', message: 'workspaces/expenses/logic.js does not match its SHA-256 in manifest.json (altered after packing).' },
    ]);
  });

  it('refuses an extra file', async () => {
    const pkg = await rezipped(await packed(), (files) => files.set('workspaces/expenses/extra.js', Buffer.from('alert(1)')));
    expect(verifyPackage(pkg).problems).toEqual([
      { code: 'unlisted-file', path: 'workspaces/expenses/extra.js', message: 'workspaces/expenses/extra.js is in the zip but not listed in manifest.json.' },
    ]);
  });

  it('refuses a missing file', async () => {
    const pkg = await rezipped(await packed(), (files) => files.delete('workspaces/expenses/logic.js'));
    expect(codes(pkg)).toEqual(['missing-file']);
  });

  it('refuses a manifest listing a file twice, or workspaces that do not match their files', async () => {
    const doubled = await rezipped(await packed(), (files) => editManifest(files, (m) => m.files.push({ ...m.files[0]! })));
    expect(codes(doubled)).toContain('duplicate-listing');
    const renamed = await rezipped(await packed(), (files) =>
      editManifest(files, (m) => {
        m.workspaces[0]!.version = '9.9.9';
      }),
    );
    expect(verifyPackage(renamed).problems.map((p) => p.message)).toEqual(['workspaces/expenses/workspace.json is workspace expenses 1.0.0; manifest.json says expenses 9.9.9.']);
    const noLogic = await rezipped(await packed(), (files) => {
      files.delete('workspaces/expenses/logic.js');
      editManifest(files, (m) => {
        m.files = m.files.filter((f) => !f.path.endsWith('logic.js'));
      });
    });
    expect(verifyPackage(noLogic).problems.map((p) => p.message)).toEqual(['Workspace expenses has business logic, but workspaces/expenses/logic.js is not among the files of manifest.json.']);
  });

  it('refuses an unsigned package when a key is required', async () => {
    const report = verifyPackage(await readPackage(await packed()), { keys: [signer.publicKey] });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ code: 'unsigned', path: 'signature.json', message: `The package is not signed, but a signature by key ${keyFingerprint(signer.publicKey)} is required.` }]);
  });

  it('refuses a package signed by another key', async () => {
    const report = verifyPackage(await readPackage(await packed(true)), { keys: [stranger.publicKey] });
    expect(report.signature.status).toBe('unknown-key');
    expect(report.problems.map((p) => p.code)).toEqual(['unknown-key']);
  });

  it('refuses a manifest changed after signing, even when every digest matches', async () => {
    const pkg = await rezipped(await packed(true), (files) =>
      editManifest(files, (m) => {
        m.publisher = 'Mallory';
      }),
    );
    expect(verifyPackage(pkg).ok).toBe(true); // intact, but…
    const report = verifyPackage(pkg, { keys: [signer.publicKey] });
    expect(report.signature.status).toBe('invalid');
    expect(report.problems.map((p) => p.code)).toEqual(['bad-signature']);
  });

  it('refuses a signature that names the right key but signs other bytes', async () => {
    const forged: SignatureFile = { ...signManifest(Buffer.from('something else'), signer.privateKey) };
    const pkg = await rezipped(await packed(true), (files) => files.set('signature.json', jsonBytes(forged)));
    expect(codes(pkg, [signer.publicKey])).toEqual(['bad-signature']);
  });
});
