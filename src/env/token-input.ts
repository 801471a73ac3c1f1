// Reading a token for `mwkit env add --token-stdin`: from a pipe, or typed (hidden) on a terminal.
// The token never comes from argv and is never echoed, printed or logged.
import { isInteractive } from '../cli/output.js';
import { ExitCode, UsageError, UserError } from '../errors.js';

export type TokenStream = NodeJS.ReadableStream & { isTTY?: boolean };

const maxTokenBytes = 16 * 1024;

export async function readToken(stdin: TokenStream, command: string): Promise<string> {
  if (stdin.isTTY) {
    if (!isInteractive()) {
      throw new UsageError('--token-stdin reads the token from standard input, and it is a terminal while CI is set.', `Pipe the token in: printf '%s' "$MWKIT_TOKEN" | ${command} --token-stdin`);
    }
    return checkedToken(await promptForToken());
  }
  return checkedToken(await readAll(stdin));
}

export function checkedToken(text: string): string {
  const token = text.trim();
  if (token === '') throw new UsageError('No token on standard input.', 'Pipe the token in, e.g. printf \'%s\' "$TOKEN" | mwkit env add <name> --url <url> --token-stdin');
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError('The token on standard input has spaces or other characters a token cannot have.', 'Pass only the token, with at most a trailing newline.');
  }
  return token;
}

async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxTokenBytes) throw new UsageError('Standard input is too long to be a token.', 'Pipe in only the token.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function promptForToken(): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  try {
    return await password({ message: 'Token', mask: '*' }, { output: process.stderr });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new UserError('Cancelled; nothing was saved.', undefined, ExitCode.failed);
    throw error;
  }
}
