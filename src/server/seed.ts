// A new data folder gets its first users (and, with --demo, the demo company) once; later
// starts find it seeded and leave it alone.
import type { User } from './domain/users.js';
import { demoCompany, demoPassword } from './demo/company.js';
import { hashPassword } from './services/secrets.js';
import type { Store, UserAccount } from './store/types.js';

export interface SeedSummary {
  /** 'demo' or 'empty': what the data folder was seeded with (now or earlier). */
  kind: string;
  /** True when this start seeded it. */
  isNew: boolean;
  adminId: string;
  /** Demo sign-in names, the business users' shared password, record counts (demo folders only). */
  demo?: { password: string; users: Array<Pick<User, 'id' | 'name' | 'roles'>>; records: Record<string, number> };
}

export const adminId = 'admin';

export async function seedEnvironment(store: Store, options: { demo: boolean; now: Date }): Promise<SeedSummary> {
  const existing = await store.getMeta('seed');
  if (existing === undefined) {
    if (options.demo) {
      const company = demoCompany(options.now);
      // One hash for the shared demo password: hashing it per user would slow the first start.
      // Administrators get none: their only secret is the random CLI token (docs/decisions.md).
      const passwordHash = await hashPassword(demoPassword);
      await store.seed(
        'demo',
        company.users.map((user) => ({ ...user, passwordHash: user.isAdmin ? null : passwordHash })),
        company.records,
      );
    } else {
      const admin: UserAccount = { id: adminId, name: 'Administrator', roles: [], attributes: {}, isAdmin: true, passwordHash: null };
      await store.seed('empty', [admin], []);
    }
  }
  const kind = existing ?? (options.demo ? 'demo' : 'empty');
  const summary: SeedSummary = { kind, isNew: existing === undefined, adminId };
  if (kind === 'demo') {
    const users = (await store.listUsers()).filter((user) => !user.isAdmin || user.id === adminId);
    summary.demo = { password: demoPassword, users: users.map(({ id, name, roles }) => ({ id, name, roles })), records: await store.countRecords() };
  }
  return summary;
}
