// Signing keys: keygen writes a pair (private key 0600, never replaced), fingerprints are the
// SHA-256 of the raw public key, and key files of the wrong kind are refused with a reason.
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keygen } from '../../src/commands/keygen.js';
import { UsageError } from '../../src/errors.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../../src/package/key-files.js';
import { isValidSignature, keyFingerprint, parsePrivateKey, parsePublicKey, signManifest } from '../../src/package/signing.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'mwkit-keys-'));
}

describe('keygen', () => {
  it('writes a PKCS #8 private key with mode 0600 and an SPKI public key, and returns the fingerprint', () => {
    const dir = scratch();
    const result = keygen({ out: 'keys', cwd: dir });
    expect(result).toEqual({ privateKey: join('keys', 'signing.key'), publicKey: join('keys', 'signing.pub'), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const privatePem = readFileSync(join(dir, 'keys/signing.key'), 'utf8');
    const publicPem = readFileSync(join(dir, 'keys/signing.pub'), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(statSync(join(dir, 'keys/signing.key')).mode & 0o777).toBe(0o600);
    expect(keyFingerprint(parsePublicKey(publicPem))).toBe(result.fingerprint);
    expect(keyFingerprint(parsePrivateKey(privatePem))).toBe(result.fingerprint);
    expect(JSON.stringify(result)).not.toContain('PRIVATE');
  });

  it('never replaces an existing key, not even half a pair', () => {
    const dir = scratch();
    keygen({ cwd: dir, name: 'release' });
    const before = readFileSync(join(dir, 'release.key'));
    expect(() => keygen({ cwd: dir, name: 'release' })).toThrow(/release\.key already exists/);
    expect(readFileSync(join(dir, 'release.key'))).toEqual(before);
    writeFileSync(join(dir, 'other.pub'), 'mine');
    expect(() => keygen({ cwd: dir, name: 'other' })).toThrow(/other\.pub already exists/);
    expect(() => statSync(join(dir, 'other.key'))).toThrow();
  });

  it('refuses a name that is a path', () => {
    expect(() => keygen({ cwd: scratch(), name: '../escape' })).toThrow(UsageError);
  });
});

describe('signing keys', () => {
  const pair = generateKeyPairSync('ed25519');

  it('fingerprints the raw 32-byte public key', () => {
    const raw = pair.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    expect(keyFingerprint(pair.publicKey)).toBe(createHash('sha256').update(raw).digest('hex'));
  });

  it('signs the exact bytes given, and nothing else verifies', () => {
    const bytes = Buffer.from('{"format":1}\n');
    const signature = signManifest(bytes, pair.privateKey);
    expect(signature).toEqual({ algorithm: 'ed25519', keyFingerprint: keyFingerprint(pair.publicKey), signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
    expect(isValidSignature(bytes, signature, pair.publicKey)).toBe(true);
    expect(isValidSignature(Buffer.from('{"format":1} \n'), signature, pair.publicKey)).toBe(false);
    expect(isValidSignature(bytes, { ...signature, signature: 'AAAA' }, pair.publicKey)).toBe(false);
    expect(isValidSignature(bytes, signature, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it('refuses key files of the wrong kind with the reason', () => {
    const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => parsePrivateKey(publicPem)).toThrow(/it is a public key/);
    expect(() => parsePublicKey(privatePem)).toThrow(/it is a private key/);
    expect(() => parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toThrow(/rsa key, not Ed25519/);
    expect(() => parsePublicKey(createPublicKey(rsa.privateKey).export({ type: 'spki', format: 'pem' }))).toThrow(/rsa key, not Ed25519/);
    expect(() => parsePublicKey('hello')).toThrow(/not a PEM public key/);
    const encrypted = pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    expect(() => parsePrivateKey(encrypted)).toThrow(/encrypted with a passphrase/);
  });

  it('turns unreadable or wrong key files into usage errors naming the file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => readPrivateKeyFile(join(dir, 'a.pub'), 'a.pub')).toThrow(/^Cannot sign with a\.pub: it is a public key; signing needs the private key \(the \.key file\)\.$/);
    expect(() => readPublicKeyFile(join(dir, 'missing.pub'), 'missing.pub')).toThrow(UsageError);
    expect(() => readPublicKeyFile(join(dir, 'missing.pub'), 'missing.pub')).toThrow(/^Public key not found: missing\.pub$/);
    expect(keyFingerprint(readPublicKeyFile(join(dir, 'a.pub')))).toBe(keyFingerprint(pair.publicKey));
  });
});
