// The trust policy on the wire: the Ed25519 public keys whose signatures an environment accepts.
import { type Static, Type } from '@sinclair/typebox';

export const TrustedKeySchema = Type.Object({ fingerprint: Type.String(), publicKey: Type.String(), addedAt: Type.String(), addedBy: Type.String() });
export type TrustedKey = Static<typeof TrustedKeySchema>;

export const TrustPolicySchema = Type.Object({
  requireSignature: Type.Boolean({ description: 'True when any key is trusted: then every package must be signed by one.' }),
  keys: Type.Array(TrustedKeySchema),
});
export type TrustPolicy = Static<typeof TrustPolicySchema>;

export const AddTrustedKeyRequestSchema = Type.Object({ publicKey: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false });
export type AddTrustedKeyRequest = Static<typeof AddTrustedKeyRequestSchema>;

export const FingerprintSchema = Type.Object({ fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
