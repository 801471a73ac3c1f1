// Applying, planning and rolling back packages: check everything first (package-check.ts),
// then let the store decide and write in one transaction (domain/apply-decision.ts).
import type { KeyObject } from 'node:crypto';
import type { Catalog } from '../../model/types.js';
import type { ReaderLimits } from '../../package/reader.js';
import { isValidSignature, parsePublicKey } from '../../package/signing.js';
import type { SignatureFile } from '../../package/format.js';
import { decideApply, decideRollback, type Refusal } from '../domain/apply-decision.js';
import type { AppliedPackage, ApplyResult, PackageSummary, RollbackResult } from '../../contract/packages.js';
import type { PackageInfo, RollbackTarget, Store } from '../store/types.js';
import { ServiceError } from './errors.js';
import { checkPackage } from './package-check.js';

export interface ApplyOptions {
  dryRun: boolean;
  allowDowngrade: boolean;
  actor: string;
}

const refusalTitles: Record<Refusal['problem'], string> = {
  'package-conflict': 'This version was applied before with other contents',
  downgrade: 'The package is older than the current version',
  'workspace-conflict': 'Workspace ids are taken by another package',
};

export class PackageService {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly clock: () => Date,
    private readonly limits: Partial<ReaderLimits> = {},
  ) {}

  /** Every version ever applied, oldest first per name. */
  async list(): Promise<AppliedPackage[]> {
    return (await this.store.listPackages()).map(wireKey);
  }

  async apply(bytes: Buffer, options: ApplyOptions): Promise<ApplyResult> {
    const { incoming, stored } = await checkPackage(bytes, this.catalog, await this.trustedKeys(), this.limits);
    const summary = summarize(stored);
    const decide = (snapshot: Parameters<typeof decideApply>[1]) => decideApply(incoming, snapshot, { allowDowngrade: options.allowDowngrade });
    const decision = options.dryRun
      ? decide(await this.store.applySnapshot(incoming.name, incoming.version))
      : await this.store.commitApply(stored, { actor: options.actor, at: this.clock().toISOString() }, decide);
    if (decision.kind === 'refused') throw refusalError(decision);
    const outcome = decision.kind === 'unchanged' ? 'unchanged' : options.dryRun ? 'planned' : 'applied';
    return { outcome, package: summary, plan: decision.plan };
  }

  async rollback(name: string, toVersion: string | null, actor: string): Promise<RollbackResult> {
    const target = await this.store.rollbackTarget(name, toVersion);
    if (!target) throw noRollbackTarget(name, toVersion);
    await this.checkStillTrusted(name, target);
    const committed = await this.store.commitRollback(name, target.version, { actor, at: this.clock().toISOString() }, (snapshot) => decideRollback(name, snapshot));
    if (!committed) throw noRollbackTarget(name, toVersion);
    const { decision, target: info } = committed;
    if (decision.kind === 'refused') throw refusalError(decision);
    return { outcome: decision.kind === 'rollback' ? 'rolled-back' : 'unchanged', package: summarize(info), plan: decision.plan };
  }

  async trustedKeys(): Promise<KeyObject[]> {
    return (await this.store.listTrustedKeys()).map((key) => parsePublicKey(key.publicKey));
  }

  /** A version applied before the environment required signatures must meet today's policy too. */
  private async checkStillTrusted(name: string, target: RollbackTarget): Promise<void> {
    const keys = await this.trustedKeys();
    if (keys.length === 0) return;
    const signature = target.signature === null ? undefined : (JSON.parse(target.signature) as SignatureFile);
    const manifest = Buffer.from(target.manifest, 'utf8');
    if (signature && keys.some((key) => isValidSignature(manifest, signature, key))) return;
    throw new ServiceError('signature-required', 'A trusted signature is required', `${name} ${target.version} is not signed by a key this environment trusts now; it cannot be rolled back to.`, {
      reason: 'The target version is not signed by a trusted key.',
      code: signature ? 'unknown-key' : 'unsigned',
    });
  }
}

function summarize(info: PackageInfo): PackageSummary {
  const { name, version, publisher, digest, size, signed, keyFingerprint } = info;
  return wireKey({ name, version, publisher, digest, size, signed, keyFingerprint });
}

/** The wire says the key's fingerprint only on a signed package; the store says null. */
function wireKey<T extends { keyFingerprint: string | null }>({ keyFingerprint, ...rest }: T): Omit<T, 'keyFingerprint'> & { keyFingerprint?: string } {
  return { ...rest, ...(keyFingerprint ? { keyFingerprint } : {}) };
}

function refusalError(refusal: Refusal): ServiceError {
  return new ServiceError(refusal.problem, refusalTitles[refusal.problem], refusal.detail);
}

function noRollbackTarget(name: string, toVersion: string | null): ServiceError {
  const detail =
    toVersion === null
      ? `${name} has no earlier version to roll back to (it was never applied, or only one version was).`
      : `${name} ${toVersion} was never applied here, or ${name} has no current version; mwkit status lists the applied versions.`;
  return new ServiceError('not-found', 'Nothing to roll back to', detail);
}
