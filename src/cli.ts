// The one registry of mwkit's commands. Each action imports its command module lazily so that
// `mwkit --version` and `--help` load nothing but commander.
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, UserError } from './errors.js';
import { printError } from './cli/output.js';
import { toolVersion } from './version.js';


function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export function buildProgram(): Command {
  const program = new Command('mwkit')
    .description('Describe mobile workspaces as YAML and business logic; validate, test, pack and deploy them.')
    .version(toolVersion(), '-v, --version', 'print the mwkit version')
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride() // before the commands are added, so that they inherit it
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', examples('mwkit init my-app --yes', 'cd my-app && mwkit validate', 'mwkit templates'));

  program
    .command('init')
    .description('create a new project (mwkit.yaml, the entity catalog and a starter workspace)')
    .argument('[dir]', 'folder to create the project in', '.')
    .option('-y, --yes', 'accept defaults for every question (no prompts)')
    .option('--name <name>', 'package name (lowercase, e.g. contoso-field-apps)')
    .option('--publisher <publisher>', 'who publishes the package, e.g. "Contoso Ltd"')
    .option('--template <template>', 'starter workspace template (see mwkit templates)')
    .addHelpText('after', examples('mwkit init', 'mwkit init my-app --yes', 'mwkit init my-app --name my-app --publisher "Contoso Ltd" --template sales-orders'))
    .action(async (dir: string, opts) => {
      const { runInit } = await import('./commands/init.js');
      process.exitCode = await runInit({ dir, ...opts });
    });

  program
    .command('templates')
    .description('list workspace templates')
    .option('--json', 'print a JSON array of { id, title, description }')
    .addHelpText('after', examples('mwkit templates', 'mwkit templates --json'))
    .action(async (opts) => {
      const { runTemplates } = await import('./commands/templates.js');
      process.exitCode = await runTemplates(opts);
    });

  const newCommand = program.command('new').description('add something to a project');
  newCommand
    .command('workspace')
    .description('add a workspace to the project, from a template')
    .argument('[id]', 'workspace id, kebab-case (e.g. field-service)')
    .option('--template <template>', 'template to start from (see mwkit templates)')
    .option('--title <title>', 'workspace title shown on the dashboard')
    .option('-y, --yes', 'accept defaults for every question (no prompts)')
    .option('--cwd <dir>', 'project folder (default: the current folder)')
    .addHelpText('after', examples('mwkit new workspace field-service', 'mwkit new workspace my-expenses --template expense-management', 'mwkit new workspace audits --template blank --title "Store audits" --yes'))
    .action(async (id: string | undefined, opts) => {
      const { runNewWorkspace } = await import('./commands/new-workspace.js');
      process.exitCode = await runNewWorkspace({ id, ...opts });
    });

  program
    .command('validate')
    .description('check a project, a workspace folder or a workspace file')
    .argument('[path]', 'project folder, workspace folder or workspace.yaml', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'junit', 'github']).default('text'))
    .option('--catalog <file>', 'entity catalog snapshot (default: mwkit.yaml\'s catalog)')
    .option('--strict', 'exit 1 on warnings too')
    .addHelpText('after', examples('mwkit validate', 'mwkit validate workspaces/expense-management', 'mwkit validate --format json > report.json', 'mwkit validate --format sarif > mwkit.sarif', 'mwkit validate --format github   # annotations in GitHub Actions', 'mwkit validate --catalog catalog.json'))
    .action(async (path: string, opts) => {
      const { runValidate } = await import('./commands/validate.js');
      process.exitCode = await runValidate({ path, ...opts });
    });

  program
    .command('test')
    .description('run the business-logic tests (logic.test.yaml) of every workspace')
    .argument('[path]', 'project folder, workspace folder or workspace.yaml', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
    .option('--catalog <file>', 'entity catalog snapshot (default: mwkit.yaml\'s catalog)')
    .addHelpText('after', examples('mwkit test', 'mwkit test templates/sales-orders --catalog templates/catalog.json', 'mwkit test workspaces/expense-management', 'mwkit test --format junit > logic-tests.xml'))
    .action(async (path: string, opts) => {
      const { runTest } = await import('./commands/test.js');
      process.exitCode = await runTest({ path, ...opts });
    });

  program
    .command('pack')
    .description('validate the project and write a deterministic deployable package (.mwpkg)')
    .argument('[path]', 'project folder', '.')
    .option('--out <dir>', 'folder to write the package to', 'dist')
    .option('--sign <keyfile>', 'sign the package with this Ed25519 private key (see mwkit keygen)')
    .option('--json', 'print { path, sha256, size } as JSON')
    .addHelpText('after', examples('mwkit pack', 'mwkit pack --out build', 'mwkit pack --sign ~/.mwkit/keys/signing.key', 'SOURCE_DATE_EPOCH=1700000000 mwkit pack --json'))
    .action(async (path: string, opts) => {
      const { runPack } = await import('./commands/pack.js');
      process.exitCode = await runPack({ path, ...opts });
    });

  program
    .command('inspect')
    .description('show a package: manifest, workspaces with pages and actions, files, digest, signature')
    .argument('<pkg>', 'the .mwpkg file')
    .option('--json', 'print the same as JSON')
    .addHelpText('after', examples('mwkit inspect dist/my-app-1.0.0.mwpkg', 'mwkit inspect dist/my-app-1.0.0.mwpkg --json'))
    .action(async (pkg: string, opts) => {
      const { runInspect } = await import('./commands/inspect.js');
      process.exitCode = await runInspect({ pkg, ...opts });
    });

  program
    .command('verify')
    .description('check a package: well-formed zip, every file listed with the right size and digest, and the signature')
    .argument('<pkg>', 'the .mwpkg file')
    .option('--key <pubkey>', 'require a valid signature by this Ed25519 public key')
    .option('--json', 'print the verification result as JSON')
    .addHelpText('after', examples('mwkit verify dist/my-app-1.0.0.mwpkg', 'mwkit verify dist/my-app-1.0.0.mwpkg --key signing.pub'))
    .action(async (pkg: string, opts) => {
      const { runVerify } = await import('./commands/verify.js');
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
      const { runKeygen } = await import('./commands/keygen.js');
      process.exitCode = await runKeygen(opts);
    });

  return program;
}

/** Runs the CLI; sets process.exitCode rather than exiting so output is flushed. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const isDebug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    if (error instanceof CommanderError) return; // commander printed its own message
    printError(error, isDebug);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end as "errors" under exitOverride; they are successes.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UserError) return error.exitCode;
  return ExitCode.failed;
}
