// Ed25519 signing of packages with node:crypto: key pairs, fingerprints, signing manifest.json's
// exact bytes and checking such a signature. No key material is ever printed or logged.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { signatureAlgorithm, type SignatureFile } from './format.js';
import { sha256Hex } from './manifest.js';

export interface KeyPairPem {
  /** PKCS #8 PEM: keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM: give it to whoever verifies or trusts your packages. */
  publicKeyPem: string;
  fingerprint: string;
}

export function generateSigningKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
  };
}

/** SHA-256 of the raw 32-byte public key, hex. A private key gives its public key's fingerprint. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  return sha256Hex(Buffer.from(jwk.x ?? '', 'base64url'));
}

/** A key file that is not the Ed25519 key expected; the message says what it is instead. */
export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

export function parsePrivateKey(pem: string | Buffer): KeyObject {
  const text = pem.toString();
  if (/-----BEGIN PUBLIC KEY-----/.test(text)) throw new KeyFormatError('it is a public key; signing needs the private key (the .key file)');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) throw new KeyFormatError('it is encrypted with a passphrase, which mwkit does not support');
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new KeyFormatError('it is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFormatError(`it is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

export function parsePublicKey(pem: string | Buffer): KeyObject {
  const text = pem.toString();
  // A private key would also yield a public key, but it has no business on the verifying side.
  if (/PRIVATE KEY-----/.test(text)) throw new KeyFormatError('it is a private key; pass the public key (the .pub file)');
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new KeyFormatError('it is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFormatError(`it is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

export function signManifest(manifestBytes: Uint8Array, privateKey: KeyObject): SignatureFile {
  return {
    algorithm: signatureAlgorithm,
    keyFingerprint: keyFingerprint(privateKey),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
}

/** True when `signature` is a valid Ed25519 signature of `manifestBytes` by `publicKey`. */
export function isValidSignature(manifestBytes: Uint8Array, signature: SignatureFile, publicKey: KeyObject): boolean {
  const bytes = Buffer.from(signature.signature, 'base64');
  if (bytes.length !== 64) return false;
  return verify(null, manifestBytes, publicKey, bytes);
}
