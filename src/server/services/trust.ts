// The trust policy: public keys whose signatures this environment accepts. With at least one
// key, every package must be signed by one of them.
import { KeyFormatError, keyFingerprint, parsePublicKey } from '../../package/signing.js';
import type { TrustedKey, TrustPolicy } from '../../contract/trust.js';
import type { Store } from '../store/types.js';
import { ServiceError } from './errors.js';

export class TrustService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async policy(): Promise<TrustPolicy> {
    const keys = await this.store.listTrustedKeys();
    return { requireSignature: keys.length > 0, keys };
  }

  async add(publicKeyPem: string, actor: string): Promise<TrustedKey> {
    let pem: string;
    let fingerprint: string;
    try {
      const key = parsePublicKey(publicKeyPem);
      pem = key.export({ type: 'spki', format: 'pem' }).toString();
      fingerprint = keyFingerprint(key);
    } catch (error) {
      const reason = error instanceof KeyFormatError ? error.message : 'it is not a key';
      throw new ServiceError('invalid-request', 'Not an Ed25519 public key', `The key cannot be trusted: ${reason}. Pass the .pub file that mwkit keygen wrote.`, {
        errors: [{ pointer: '/publicKey', message: reason }],
      });
    }
    return this.store.addTrustedKey({ fingerprint, publicKey: pem }, { actor, at: this.clock().toISOString() });
  }

  async remove(fingerprint: string, actor: string): Promise<void> {
    const removed = await this.store.removeTrustedKey(fingerprint, { actor, at: this.clock().toISOString() });
    if (!removed) throw new ServiceError('not-found', 'No such key', `No trusted key has the fingerprint ${fingerprint}; mwkit env trust list shows them.`);
  }
}
