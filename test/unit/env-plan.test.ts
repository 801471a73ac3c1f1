// Plan rendering: one line per workspace, the changed pages/actions/fields/settings beneath,
// counts of what is not zero; missing lists (another server version) read as empty.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/env/api.js';
import { formatPlan, isNoOpPlan, planCounts } from '../../src/env/plan-format.js';
import { colorsFor } from '../../src/reporters/text.js';
import { formatHistory } from '../../src/commands/history.js';
import { formatStatus } from '../../src/commands/status.js';

const plain = colorsFor(false);

const plan: Plan = {
  package: { name: 'contoso', from: '1.0.0', to: '1.1.0' },
  workspaces: {
    added: ['sales-orders'],
    changed: [
      {
        id: 'expense-management',
        from: '1.0.0',
        to: '1.1.0',
        pages: { added: ['overview'], changed: ['my-reports'], removed: ['old'] },
        actions: { added: [], changed: ['submit-report'], removed: [] },
        fields: { added: ['my-reports.total'], removed: [] },
        settings: ['logic', 'title'],
      },
    ],
    unchanged: ['inventory-on-hand'],
    removed: ['timesheets'],
  },
};

describe('formatPlan', () => {
  it('lists added, changed (with details), removed and unchanged workspaces, then the counts', () => {
    expect(formatPlan(plan, plain)).toBe(
      [
        '  + sales-orders  added',
        '  ~ expense-management  1.0.0 → 1.1.0',
        '      pages    +overview ~my-reports -old',
        '      actions  ~submit-report',
        '      fields   +my-reports.total',
        '      settings title',
        '      logic    changed: open apps run the new logic within seconds',
        '  - timesheets  removed: no longer in the package, unpublished',
        '  = inventory-on-hand  unchanged',
        '4 workspaces: 1 added, 1 changed, 1 removed, 1 unchanged.',
        '',
      ].join('\n'),
    );
  });

  it('colours the markers only when asked', () => {
    expect(formatPlan(plan, plain)).not.toContain('\u001b[');
    expect(formatPlan(plan, colorsFor(true))).toContain('\u001b[');
  });

  it('reads a plan without fields, settings or some lists', () => {
    const sparse = {
      workspaces: { added: ['a'], changed: [{ id: 'b', from: '1.0.0', to: '1.0.0', pages: { added: [], changed: ['p'], removed: [] }, actions: { added: [], changed: [], removed: [] } }] },
    } as unknown as Plan;
    expect(formatPlan(sparse, plain)).toBe('  + a  added\n  ~ b  1.0.0, same version, content changed\n      pages    ~p\n2 workspaces: 1 added, 1 changed.\n');
  });
});

describe('planCounts and isNoOpPlan', () => {
  it('counts what is not zero, and a plan of unchanged workspaces is a no-op', () => {
    const same: Plan = { package: { name: 'p', from: '1.0.0', to: '1.0.0' }, workspaces: { added: [], changed: [], unchanged: ['a'], removed: [] } };
    expect(planCounts(same)).toBe('1 workspace: 1 unchanged.');
    expect(isNoOpPlan(same)).toBe(true);
    expect(isNoOpPlan(plan)).toBe(false);
    expect(planCounts({ package: { name: 'p', from: null, to: '1.0.0' }, workspaces: { added: [], changed: [], unchanged: [], removed: [] } })).toBe('No workspaces.');
  });
});

describe('status and history tables', () => {
  it('shows packages and workspaces with their publication', () => {
    const text = formatStatus(
      {
        environment: { name: 'local', url: 'http://127.0.0.1:4300' },
        packages: [
          {
            name: 'contoso',
            version: '1.1.0',
            publisher: 'Contoso',
            digest: 'ab',
            size: 1200,
            signed: false,
            appliedAt: '2025-03-01T14:05:09.123Z',
            appliedBy: 'admin',
            isCurrent: true,
            current: { at: '2025-03-01T14:05:09.123Z', by: 'admin', action: 'apply', fromVersion: '1.0.0' },
            workspaces: ['a', 'b'],
            versions: ['1.0.0', '1.1.0'],
          },
          {
            name: 'fabrikam',
            version: '2.0.0',
            publisher: 'Fabrikam',
            digest: 'cd',
            size: 900,
            signed: false,
            appliedAt: '2025-02-01T10:00:00Z',
            appliedBy: 'admin',
            isCurrent: true,
            current: { at: '2025-03-02T09:30:00Z', by: 'token:ci', action: 'rollback', fromVersion: '2.1.0' },
            workspaces: [],
            versions: ['2.0.0', '2.1.0'],
          },
        ],
        workspaces: [
          { id: 'a', title: 'A', version: '1.1.0', package: { name: 'contoso', version: '1.1.0' }, publication: { roles: ['Employee', 'Manager'], publishedAt: '', publishedBy: 'admin' } },
          { id: 'b', title: 'B', version: '1.0.0', package: { name: 'contoso', version: '1.1.0' }, publication: null },
        ],
      },
      'local (http://127.0.0.1:4300)',
    );
    expect(text).toBe(
      [
        'Environment local (http://127.0.0.1:4300)',
        '',
        'Packages',
        '  NAME      VERSION  SINCE              BY        HOW                     VERSIONS KEPT',
        '  contoso   1.1.0    2025-03-01 14:05Z  admin     applied over 1.0.0      2',
        '  fabrikam  2.0.0    2025-03-02 09:30Z  token:ci  rolled back from 2.1.0  2',
        '',
        'Workspaces',
        '  ID  VERSION  PACKAGE        PUBLISHED FOR',
        '  a   1.1.0    contoso 1.1.0  Employee, Manager',
        '  b   1.0.0    contoso 1.1.0  (not published)',
        '',
        'Publish a workspace with mwkit publish <id> [--roles r1,r2].',
        '',
      ].join('\n'),
    );
  });

  it('shows history newest first as the server sent it', () => {
    const text = formatHistory(
      [
        { id: 4, at: '2025-03-01T16:00:00Z', actor: 'admin', action: 'trust-add', keyFingerprint: '281821b8686fdbb61d1cc48623c8163f' },
        { id: 3, at: '2025-03-01T15:00:00Z', actor: 'admin', action: 'publish', workspace: 'a', roles: ['Employee'] },
        { id: 2, at: '2025-03-01T14:00:00Z', actor: 'admin', action: 'apply', package: { name: 'contoso', version: '1.0.0', digest: '0123456789abcdef' } },
      ],
      'local',
    );
    expect(text).toBe(
      [
        'WHEN               WHO    WHAT       SUBJECT',
        '2025-03-01 16:00Z  admin  trust-add  key 281821b8686fdbb6…',
        '2025-03-01 15:00Z  admin  publish    a for Employee',
        '2025-03-01 14:00Z  admin  apply      contoso 1.0.0  sha256 0123456789ab…',
        '',
      ].join('\n'),
    );
    expect(formatHistory([], 'local')).toBe('Nothing has happened on local yet.\n');
  });
});
