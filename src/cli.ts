// The one registry of mwkit's commands. Each action imports its command module lazily so that
// `mwkit --version` and `--help` load nothing but commander.
import { Command, CommanderError } from 'commander';
import { ExitCode, UserError } from './errors.js';
import { examples } from './cli/help.js';
import { printError } from './cli/output.js';
import { registerEnvironmentCommands } from './cli/register-environment.js';
import { registerPackageCommands } from './cli/register-package.js';
import { registerProjectCommands } from './cli/register-project.js';
import { toolVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command('mwkit')
    .description('Describe mobile workspaces as YAML and business logic; validate, test, pack and deploy them.')
    .version(toolVersion(), '-v, --version', 'print the mwkit version')
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride() // before the commands are added, so that they inherit it
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', examples('mwkit init my-app --yes', 'cd my-app && mwkit validate', 'mwkit templates'));

  registerProjectCommands(program);
  registerPackageCommands(program);
  registerEnvironmentCommands(program);

  return program;
}

/** Runs the CLI; sets process.exitCode rather than exiting so output is flushed. */
export async function main(argv: string[]): Promise<void> {
  // `mwkit … | head` closes the pipe early: that is the reader's choice, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
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
