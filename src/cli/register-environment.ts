// Commands that talk to environments: env (start, profiles, catalog, trust), apply, publish,
// unpublish, status, history, rollback. Part of the one command registry (src/cli.ts).
import type { Command } from 'commander';
import { checkOnePackage, takesOnePackage } from './one-package.js';
import { examples } from './help.js';

export function registerEnvironmentCommands(program: Command): void {
  const envOption = ['--env <name>', 'environment profile to use (default: MWKIT_ENV, else the current one; see mwkit env list)'] as const;

  const envCommand = program
    .command('env')
    .description('run a local environment, connect to environments (profiles), trust signing keys')
    .addHelpText('after', examples('mwkit env start --demo', 'printf \'%s\' "$TOKEN" | mwkit env add prod --url https://mwkit.example.com --token-stdin', 'mwkit env list', 'mwkit env use prod'));

  envCommand
    .command('start')
    .description('run a local environment server in the foreground (Ctrl-C stops it)')
    .option('--port <port>', 'port to listen on (0: any free port)', '4300')
    .option('--host <host>', 'address to bind (0.0.0.0 to reach it from other devices)', '127.0.0.1')
    .option('--data <dir>', 'data folder (default: .mwkit-env in the current folder)')
    .option('--demo', 'seed the demo company: users with roles and data for every template (loopback only)')
    .option('--allow-remote-demo', 'let --demo listen on a non-loopback --host: its users share a printed password, so only on a network you trust')
    .option('--max-package-size <MiB>', 'largest package upload accepted, in MiB (default 64)')
    .addHelpText(
      'after',
      examples(
        'mwkit env start --demo',
        'mwkit env start --port 8080 --data /var/lib/mwkit --max-package-size 128',
        'mwkit env start --demo --host 0.0.0.0 --allow-remote-demo   # a phone on a LAN you trust: anyone there can sign in as a demo user',
      ),
    )
    .action(async (opts) => {
      const { runEnvStart } = await import('../commands/env-start.js');
      process.exitCode = await runEnvStart(opts);
    });

  envCommand
    .command('add')
    .description('save an environment profile (URL and token); the token is read from stdin, never from the command line')
    .argument('<name>', 'profile name, e.g. prod or test-eu')
    .requiredOption('--url <url>', 'address of the environment, e.g. https://mwkit.example.com')
    .option('--token-stdin', 'read the token from standard input (typed hidden on a terminal)')
    .option('--no-verify', 'save without checking the URL and token against the environment')
    .option('--json', 'print { name, url, hasToken, isCurrent, user } as JSON')
    .addHelpText(
      'after',
      examples(
        'printf \'%s\' "$MWKIT_PROD_TOKEN" | mwkit env add prod --url https://mwkit.example.com --token-stdin',
        'mwkit env add test --url https://test.mwkit.example.com --token-stdin   # asks for the token',
        'mwkit env add staging --url https://staging.example.com --no-verify',
      ),
    )
    .action(async (name: string, opts) => {
      const { runEnvAdd } = await import('../commands/env-add.js');
      process.exitCode = await runEnvAdd({ name, ...opts });
    });

  envCommand
    .command('list')
    .description('list the saved environments; * marks the current one')
    .option('--json', 'print a JSON array of { name, url, hasToken, isCurrent }')
    .addHelpText('after', examples('mwkit env list', 'mwkit env list --json'))
    .action(async (opts) => {
      const { runEnvList } = await import('../commands/env-list.js');
      process.exitCode = await runEnvList(opts);
    });

  envCommand
    .command('use')
    .description('make a saved environment the current one')
    .argument('<name>', 'profile name (see mwkit env list)')
    .addHelpText('after', examples('mwkit env use prod', 'MWKIT_ENV=test mwkit status   # one command only'))
    .action(async (name: string) => {
      const { runEnvUse } = await import('../commands/env-use.js');
      process.exitCode = await runEnvUse({ name });
    });

  envCommand
    .command('remove')
    .description('forget a saved environment and its token')
    .argument('<name>', 'profile name (see mwkit env list)')
    .addHelpText('after', examples('mwkit env remove staging'))
    .action(async (name: string) => {
      const { runEnvRemove } = await import('../commands/env-remove.js');
      process.exitCode = await runEnvRemove({ name });
    });

  envCommand
    .command('pull-catalog')
    .description("save the environment's entity catalog, so validate checks entity and field names offline")
    .option(...envOption)
    .option('--out <file>', "file to write (default: mwkit.yaml's catalog, else catalog.json)")
    .option('--json', 'print { path, entities, environment } as JSON')
    .addHelpText('after', examples('mwkit env pull-catalog', 'mwkit env pull-catalog --env prod --out catalogs/prod.json', 'mwkit env pull-catalog && mwkit validate'))
    .action(async (opts) => {
      const { runEnvPullCatalog } = await import('../commands/env-pull-catalog.js');
      process.exitCode = await runEnvPullCatalog(opts);
    });

  const trustCommand = envCommand
    .command('trust')
    .description('signing keys the environment accepts; with one or more, only packages signed by them are applied')
    .addHelpText('after', examples('mwkit env trust add signing.pub', 'mwkit env trust list', 'mwkit env trust remove <fingerprint>'));

  trustCommand
    .command('add')
    .description('trust an Ed25519 public key (from mwkit keygen); the environment then requires signed packages')
    .argument('<pubkey>', 'public key file (.pub)')
    .option(...envOption)
    .option('--json', 'print { environment, fingerprint } as JSON')
    .addHelpText('after', examples('mwkit env trust add signing.pub', 'mwkit env trust add keys/release.pub --env prod'))
    .action(async (file: string, opts) => {
      const { runEnvTrustAdd } = await import('../commands/env-trust.js');
      process.exitCode = await runEnvTrustAdd({ file, ...opts });
    });

  trustCommand
    .command('list')
    .description('show whether signatures are required, and the trusted keys')
    .option(...envOption)
    .option('--json', 'print { environment, requireSignature, keys } as JSON')
    .addHelpText('after', examples('mwkit env trust list', 'mwkit env trust list --env prod --json'))
    .action(async (opts) => {
      const { runEnvTrustList } = await import('../commands/env-trust.js');
      process.exitCode = await runEnvTrustList(opts);
    });

  trustCommand
    .command('remove')
    .description('stop trusting a key; without trusted keys the environment accepts unsigned packages again')
    .argument('<fingerprint>', "the key's fingerprint (see mwkit env trust list)")
    .option(...envOption)
    .option('--json', 'print { environment, removed, requireSignature } as JSON')
    .addHelpText('after', examples('mwkit env trust remove 281821b8686fdbb61d1cc48623c8163f3aafbf6345d1b11753ae245b95cc1ad3'))
    .action(async (fingerprint: string, opts) => {
      const { runEnvTrustRemove } = await import('../commands/env-trust.js');
      process.exitCode = await runEnvTrustRemove({ fingerprint, ...opts });
    });

  const tokenCommand = envCommand
    .command('token')
    .description('lasting, named service tokens for CI: made once, kept hashed, revoked by name')
    .addHelpText('after', examples('mwkit env token create --name ci --expires 90d', 'mwkit env token list', 'mwkit env token revoke ci'));

  tokenCommand
    .command('create')
    .description("make a service token and print it once on stdout (put it in your CI's secret store as MWKIT_TOKEN)")
    .option('--name <name>', 'what history shows for changes made with it (e.g. ci, github-actions)')
    .option('--role <role>', 'what it may do: admin (apply, publish, rollback)', 'admin')
    .option('--expires <lifetime>', 'lifetime such as 48h, 90d or 12w (default 90d, at most 730d)')
    .option(...envOption)
    .option('--json', 'print { environment, token, name, role, createdAt, createdBy, expiresAt } as JSON')
    .addHelpText('after', examples('mwkit env token create --name ci', 'mwkit env token create --name github-actions --expires 30d --env prod | gh secret set MWKIT_TOKEN'))
    .action(async (opts) => {
      const { runEnvTokenCreate } = await import('../commands/env-token.js');
      process.exitCode = await runEnvTokenCreate(opts);
    });

  tokenCommand
    .command('list')
    .description('show the service tokens: name, role, who made them and when, expiry (never the secrets)')
    .option(...envOption)
    .option('--json', 'print { environment, tokens } as JSON')
    .addHelpText('after', examples('mwkit env token list', 'mwkit env token list --env prod --json'))
    .action(async (opts) => {
      const { runEnvTokenList } = await import('../commands/env-token.js');
      process.exitCode = await runEnvTokenList(opts);
    });

  tokenCommand
    .command('revoke')
    .description('revoke a service token: it stops working at once')
    .argument('<name>', "the token's name (see mwkit env token list)")
    .option(...envOption)
    .option('--json', 'print { environment, revoked } as JSON')
    .addHelpText('after', examples('mwkit env token revoke ci'))
    .action(async (name: string, opts) => {
      const { runEnvTokenRevoke } = await import('../commands/env-token.js');
      process.exitCode = await runEnvTokenRevoke({ name, ...opts });
    });

  takesOnePackage(program.command('apply'))
    .description('apply a package to an environment: shows the plan, asks (or needs --yes), then applies all of it or nothing')
    .argument('<pkg>', 'the .mwpkg file (mwkit pack writes it to dist/)')
    .option(...envOption)
    .option('--dry-run', 'show the plan only; change nothing')
    .option('-y, --yes', 'apply without asking (needed when there is no terminal, e.g. in CI)')
    .option('--allow-downgrade', 'allow a version lower than the current one')
    .option('--json', 'print { environment, outcome, package, plan } as JSON (outcome: planned, applied, unchanged or rejected)')
    .addHelpText(
      'after',
      examples(
        'mwkit apply dist/contoso-field-apps-1.2.0.mwpkg --dry-run',
        'mwkit apply dist/contoso-field-apps-1.2.0.mwpkg --env prod',
        'MWKIT_URL=https://mwkit.example.com MWKIT_TOKEN=… mwkit apply dist/app-1.2.0.mwpkg --yes --json   # CI',
      ),
    )
    .action(async (pkg: string, opts, command: Command) => {
      checkOnePackage('apply', command.args);
      const { runApply } = await import('../commands/apply.js');
      process.exitCode = await runApply({ pkg, ...opts });
    });

  program
    .command('publish')
    .description('make applied workspaces visible in the app for roles (a shipped template not applied yet is applied first)')
    .argument('<id...>', 'workspace ids (see mwkit status), or ids of workspace templates shipped with mwkit (see mwkit templates)')
    .option(
      '--roles <roles>',
      'comma-separated roles, e.g. Employee,Manager; they replace the roles it was published for, and the output says who gains and loses access (default: the roles the workspace suggests)',
    )
    .option(...envOption)
    .option('--json', 'print { environment, workspaces: [{ id, publication }] } as JSON')
    .addHelpText(
      'after',
      examples(
        'mwkit publish expense-management --roles Employee   # also a shipped template on a new environment',
        'mwkit publish expense-management purchase-order-approval --env prod',
        'mwkit publish inventory-on-hand --roles Warehouse,Manager',
      ),
    )
    .action(async (ids: string[], opts) => {
      const { runPublish } = await import('../commands/publish.js');
      process.exitCode = await runPublish({ ids, ...opts });
    });

  program
    .command('unpublish')
    .description('hide workspaces in the app again (they stay applied)')
    .argument('<id...>', 'workspace ids (see mwkit status)')
    .option(...envOption)
    .option('--json', 'print { environment, workspaces: [{ id, publication: null }] } as JSON')
    .addHelpText('after', examples('mwkit unpublish expense-management', 'mwkit unpublish expense-management --env prod'))
    .action(async (ids: string[], opts) => {
      const { runUnpublish } = await import('../commands/publish.js');
      process.exitCode = await runUnpublish({ ids, ...opts });
    });

  program
    .command('status')
    .description('show an environment: applied packages, their workspaces and publications')
    .option(...envOption)
    .option('--json', 'print { environment, packages, workspaces } as JSON')
    .addHelpText('after', examples('mwkit status', 'mwkit status --env prod --json'))
    .action(async (opts) => {
      const { runStatus } = await import('../commands/status.js');
      process.exitCode = await runStatus(opts);
    });

  program
    .command('history')
    .description('every apply, rollback, publish, unpublish and trust change, with who and when (newest first)')
    .option(...envOption)
    .option('--limit <n>', 'show at most n entries')
    .option('--json', 'print { environment, history } as JSON')
    .addHelpText('after', examples('mwkit history', 'mwkit history --env prod --limit 20', 'mwkit history --json'))
    .action(async (opts) => {
      const { runHistory } = await import('../commands/history.js');
      process.exitCode = await runHistory(opts);
    });

  program
    .command('rollback')
    .description('make an earlier applied version of a package current again (atomic, recorded in history)')
    .argument('<package>', 'package name (see mwkit status)')
    .option('--to <version>', 'version to go back to (default: the one applied before the current one)')
    .option(...envOption)
    .option('--json', 'print { environment, outcome, package, plan } as JSON')
    .addHelpText('after', examples('mwkit rollback contoso-field-apps', 'mwkit rollback contoso-field-apps --to 1.1.0 --env prod'))
    .action(async (name: string, opts) => {
      const { runRollback } = await import('../commands/rollback.js');
      process.exitCode = await runRollback({ name, ...opts });
    });
}
