// "Ask first, act after": resolves every answer a scaffolding command needs from flags,
// --yes defaults or prompts, before anything is written. Prompting itself is injected
// (`ask`), so this logic is tested without a terminal.
import { UsageError } from '../errors.js';

export interface AnswerProblem {
  message: string;
  hint?: string;
}

export interface Choice {
  value: string;
  name: string;
  description?: string;
}

export interface Question<K extends string = string> {
  key: K;
  /** How the answer is passed on the command line, for messages: `--name`, `the <id> argument`. */
  flag: string;
  /** The prompt's text. */
  message: string;
  /** Makes the prompt a selection. */
  choices?: readonly Choice[];
  /** Taken with --yes, and shown preselected in the prompt. May depend on earlier answers. */
  default?: string | ((answers: Partial<Record<K, string>>) => string);
  /** When not interactive and not given, take the default instead of failing. */
  isOptional?: boolean;
  /** Why a value is not acceptable, or undefined. */
  check?: (value: string) => AnswerProblem | undefined;
}

export interface AnswerMode {
  /** Prompts may be shown (stdin is a TTY and CI is not set). */
  isInteractive: boolean;
  /** --yes: take every default, show no prompt. */
  acceptDefaults: boolean;
  /** A complete command line to show in the hint when a flag is missing. */
  example: string;
}

/** Shows one prompt; receives the default already resolved. */
export type Ask = (question: Question, defaultValue: string | undefined) => Promise<string>;

export async function collectAnswers<K extends string>(questions: readonly Question<K>[], given: Partial<Record<K, string | undefined>>, mode: AnswerMode, ask: Ask): Promise<Record<K, string>> {
  const answers: Partial<Record<K, string>> = {};
  for (const question of questions) {
    const value = given[question.key];
    if (value !== undefined) answers[question.key] = checked(question, value);
  }
  const canPrompt = mode.isInteractive && !mode.acceptDefaults;
  const missing = questions.filter((q) => answers[q.key] === undefined && !canPrompt && !hasUsableDefault(q, mode));
  if (missing.length > 0) throw missingAnswersError(missing, mode);
  for (const question of questions) {
    if (answers[question.key] !== undefined) continue;
    const defaultValue = resolveDefault(question, answers);
    answers[question.key] = canPrompt ? checked(question, await ask(question as Question, defaultValue)) : checked(question, defaultValue!);
  }
  return answers as Record<K, string>;
}

function hasUsableDefault(question: Question<string>, mode: AnswerMode): boolean {
  return question.default !== undefined && (mode.acceptDefaults || question.isOptional === true);
}

function resolveDefault<K extends string>(question: Question<K>, answers: Partial<Record<K, string>>): string | undefined {
  return typeof question.default === 'function' ? question.default(answers) : question.default;
}

function checked<K extends string>(question: Question<K>, value: string): string {
  const problem = question.check?.(value);
  if (problem) throw new UsageError(problem.message, problem.hint);
  return value;
}

function missingAnswersError(missing: readonly Question<string>[], mode: AnswerMode): UsageError {
  const flags = joinWords(missing.map((q) => q.flag));
  const verb = missing.length === 1 ? 'is' : 'are';
  if (mode.acceptDefaults) {
    return new UsageError(`${flags} ${verb} required: --yes has no default for ${missing.length === 1 ? 'it' : 'them'}.`, `For example: ${mode.example}`);
  }
  return new UsageError(
    `${flags} ${verb} required when not running interactively`,
    `mwkit cannot prompt (stdin is not a terminal, or CI is set). Pass ${missing.length === 1 ? 'it' : 'them'}, or --yes for the defaults, e.g.: ${mode.example}`,
  );
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The prompt's validate function: true, or the problem as text. */
export function promptValidator(question: Question): (value: string) => true | string {
  return (value) => {
    const problem = question.check?.(value);
    return problem ? [problem.message, problem.hint].filter(Boolean).join(' ') : true;
  };
}

/** Wraps `ask` to tell afterwards whether any prompt was shown. */
export function tracked(ask: Ask): { ask: Ask; hasAsked: () => boolean } {
  let hasAsked = false;
  return {
    ask: (question, defaultValue) => {
      hasAsked = true;
      return ask(question, defaultValue);
    },
    hasAsked: () => hasAsked,
  };
}
