// Commands that work on a project's files: init, templates, new workspace, new entity, validate, test.
// Part of the one command registry (src/cli.ts); each action imports its module lazily.
import type { Command, Option } from 'commander';
import { examples } from './help.js';

export function registerProjectCommands(program: Command): void {
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
      const { runInit } = await import('../commands/init.js');
      process.exitCode = await runInit({ dir, ...opts });
    });

  program
    .command('templates')
    .description('list workspace templates')
    .option('--json', 'print a JSON array of { id, title, description }')
    .addHelpText('after', examples('mwkit templates', 'mwkit templates --json'))
    .action(async (opts) => {
      const { runTemplates } = await import('../commands/templates.js');
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
    .addHelpText(
      'after',
      examples('mwkit new workspace field-service', 'mwkit new workspace my-expenses --template expense-management', 'mwkit new workspace audits --template blank --title "Store audits" --yes'),
    )
    .action(async (id: string | undefined, opts) => {
      const { runNewWorkspace } = await import('../commands/new-workspace.js');
      process.exitCode = await runNewWorkspace({ id, ...opts });
    });

  newCommand
    .command('entity')
    .description("add an entity to the project's data model (model/<Name>.yaml)")
    .argument('[name]', 'entity name, a capital then letters and digits (e.g. Visit)')
    .option('--title <title>', 'the name people read (default: from the name, "ServiceOrder" → "Service order")')
    .option('--cwd <dir>', 'project folder (default: the current folder)')
    .addHelpText('after', examples('mwkit new entity Visit', 'mwkit new entity ServiceOrder --title "Service order"'))
    .action(async (name: string | undefined, opts) => {
      const { runNewEntity } = await import('../commands/new-entity.js');
      process.exitCode = runNewEntity({ name, ...opts });
    });

  program
    .command('validate')
    .description('check a project, a workspace folder or a workspace file')
    .argument('[path]', 'project folder, workspace folder or workspace.yaml', '.')
    .addOption(formatOption(program, ['text', 'json', 'sarif', 'junit', 'github']))
    .option('--catalog <file>', "entity catalog snapshot (default: mwkit.yaml's catalog)")
    .option('--env <name>', "check against this environment's live catalog instead (see mwkit env list)")
    .option('--strict', 'exit 1 on warnings too')
    .addHelpText(
      'after',
      examples(
        'mwkit validate',
        'mwkit validate workspaces/expense-management',
        'mwkit validate --format json > report.json',
        'mwkit validate --format sarif > mwkit.sarif',
        'mwkit validate --format github   # annotations in GitHub Actions',
        'mwkit validate --catalog catalog.json',
        "mwkit validate --env prod   # names checked against prod's catalog",
      ),
    )
    .action(async (path: string, opts) => {
      const { runValidate } = await import('../commands/validate.js');
      process.exitCode = await runValidate({ path, ...opts });
    });

  program
    .command('test')
    .description('run the business-logic tests (logic.test.yaml) of every workspace')
    .argument('[path]', 'project folder, workspace folder or workspace.yaml', '.')
    .addOption(formatOption(program, ['text', 'json', 'junit']))
    .option('--catalog <file>', "entity catalog snapshot (default: mwkit.yaml's catalog)")
    .option('--time-limit <ms>', 'milliseconds each handler call may run, 100 to 60000 (default 1000, as on a phone; raise it on a busy CI machine)')
    .addHelpText(
      'after',
      examples(
        'mwkit test',
        'mwkit test templates/sales-orders --catalog templates/catalog.json',
        'mwkit test workspaces/expense-management',
        'mwkit test --format junit > logic-tests.xml',
        'mwkit test --time-limit 3000',
      ),
    )
    .action(async (path: string, opts) => {
      const { runTest } = await import('../commands/test.js');
      process.exitCode = await runTest({ path, ...opts });
    });

  program
    .command('preview')
    .description('run the project in a local demo environment: applied on every save, errors shown in the app, the app URL to open')
    .argument('[path]', 'project folder (with mwkit.yaml)', '.')
    .option('--port <port>', 'port of the app URL (default 4400, or the next free one; 0: any free port)')
    .option('--host <host>', 'address to listen on (0.0.0.0 to open the app on a phone on the same network)', '127.0.0.1')
    .option('--user <id>', 'demo user the app signs in as (default: one whose roles see the workspaces)')
    .addHelpText(
      'after',
      examples('mwkit preview', 'mwkit preview --host 0.0.0.0   # with a QR code for a phone on the LAN', 'mwkit preview --user maria.schmidt', 'mwkit preview ../my-app --port 5000'),
    )
    .action(async (path: string, opts) => {
      const { runPreview } = await import('../commands/preview.js');
      process.exitCode = await runPreview({ path, ...opts });
    });
}

/**
 * `--format`, made by the program's own commander (bundled into cli.js): importing Option from
 * 'commander' here would load commander's module graph a second time on every run.
 */
function formatOption(program: Command, formats: string[]): Option {
  return program.createOption('--format <format>', 'output format').choices(formats).default('text');
}
