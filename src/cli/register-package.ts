// Commands that make and check deployable packages: pack, inspect, verify, keygen.
// Part of the one command registry (src/cli.ts); each action imports its module lazily.
import type { Command } from 'commander';
import { checkOnePackage, takesOnePackage } from './one-package.js';
import { examples } from './help.js';

export function registerPackageCommands(program: Command): void {
  program
    .command('pack')
    .description('validate the project and write a deterministic deployable package (.mwpkg)')
    .argument('[path]', 'project folder', '.')
    .option('--out <dir>', 'folder to write the package to', 'dist')
    .option('--sign <keyfile>', 'sign the package with this Ed25519 private key (see mwkit keygen)')
    .option('--json', 'print { path, sha256, size, name, version, … } as JSON')
    .addHelpText(
      'after',
      `${examples('mwkit pack', 'mwkit pack --out build', 'mwkit pack --sign ~/.mwkit/keys/signing.key', 'SOURCE_DATE_EPOCH=1700000000 mwkit pack --json')}
A workspace whose content changed since an earlier package of the same name in the output
folder, while its version stayed, gets a warning (and unchangedVersions in --json): raise its
version so status and history can tell the two apart.
`,
    )
    .action(async (path: string, opts) => {
      const { runPack } = await import('../commands/pack.js');
      process.exitCode = await runPack({ path, ...opts });
    });

  takesOnePackage(program.command('inspect'))
    .description('show a package: manifest, workspaces with pages and actions, files, digest, signature')
    .argument('<pkg>', 'the .mwpkg file')
    .option('--json', 'print the same as JSON')
    .addHelpText('after', examples('mwkit inspect dist/my-app-1.0.0.mwpkg', 'mwkit inspect dist/my-app-1.0.0.mwpkg --json'))
    .action(async (pkg: string, opts, command: Command) => {
      checkOnePackage('inspect', command.args);
      const { runInspect } = await import('../commands/inspect.js');
      process.exitCode = await runInspect({ pkg, ...opts });
    });

  takesOnePackage(program.command('verify'))
    .description('check a package: well-formed zip, every file listed with the right size and digest, and the signature')
    .argument('<pkg>', 'the .mwpkg file')
    .option('--key <pubkey>', 'require a valid signature by this Ed25519 public key')
    .option('--json', 'print the verification result as JSON')
    .addHelpText('after', examples('mwkit verify dist/my-app-1.0.0.mwpkg', 'mwkit verify dist/my-app-1.0.0.mwpkg --key signing.pub'))
    .action(async (pkg: string, opts, command: Command) => {
      checkOnePackage('verify', command.args);
      const { runVerify } = await import('../commands/verify.js');
      process.exitCode = await runVerify({ pkg, ...opts });
    });

  program
    .command('keygen')
    .description('create an Ed25519 key pair for signing packages')
    .option('--out <dir>', 'folder to write signing.key (mode 0600) and signing.pub to', '.')
    .option('--name <name>', 'file name stem of the key pair', 'signing')
    .option('--json', 'print the paths and the public key fingerprint as JSON')
    .addHelpText('after', examples('mwkit keygen', 'mwkit keygen --out ~/.mwkit/keys'))
    .action(async (opts) => {
      const { runKeygen } = await import('../commands/keygen.js');
      process.exitCode = await runKeygen(opts);
    });
}
