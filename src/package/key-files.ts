// Reading key files named on the command line; every failure is a usage error with a fix.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { KeyFormatError, parsePrivateKey, parsePublicKey } from './signing.js';

export function readPrivateKeyFile(file: string, shownAs = file): KeyObject {
  const text = readKeyFile(file, shownAs, 'Signing key', 'Create a key pair with mwkit keygen, then pass its .key file to --sign.');
  try {
    return parsePrivateKey(text);
  } catch (error) {
    throw keyError(error, `Cannot sign with ${shownAs}`, 'Pass the .key file that mwkit keygen wrote (an unencrypted Ed25519 PKCS #8 PEM key).');
  }
}

export function readPublicKeyFile(file: string, shownAs = file): KeyObject {
  const text = readKeyFile(file, shownAs, 'Public key', 'Pass the .pub file of the key pair that signed the package.');
  try {
    return parsePublicKey(text);
  } catch (error) {
    throw keyError(error, `Cannot verify with ${shownAs}`, 'Pass the .pub file that mwkit keygen wrote (an Ed25519 SPKI PEM key).');
  }
}

function readKeyFile(file: string, shownAs: string, what: string, hint: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} not found: ${shownAs}` : `Cannot read ${shownAs}: ${code ?? String(error)}`, hint);
  }
}

function keyError(error: unknown, prefix: string, hint: string): unknown {
  return error instanceof KeyFormatError ? new UsageError(`${prefix}: ${error.message}.`, hint) : error;
}
