import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { collectAnswers, promptValidator, type Ask, type Question } from '../../src/scaffold/answers.js';

type Key = 'name' | 'template' | 'title';
const questions: Question<Key>[] = [
  { key: 'name', flag: '--name', message: 'Name', default: 'my-app', check: (v) => (v.includes(' ') ? { message: `bad name \`${v}\``, hint: 'no spaces' } : undefined) },
  { key: 'template', flag: '--template', message: 'Template', default: 'blank', choices: [{ value: 'blank', name: 'Blank' }] },
  { key: 'title', flag: '--title', message: 'Title', default: (answers) => `Title of ${answers.name}`, isOptional: true },
];
const example = 'mwkit x --name a --template blank';
const noPrompt: Ask = () => Promise.reject(new Error('must not prompt'));

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('collectAnswers', () => {
  it('takes flags as given', async () => {
    const answers = await collectAnswers(questions, { name: 'a', template: 'blank', title: 'T' }, { isInteractive: false, acceptDefaults: false, example }, noPrompt);
    expect(answers).toEqual({ name: 'a', template: 'blank', title: 'T' });
  });

  it('takes the defaults with --yes, later defaults seeing earlier answers', async () => {
    const answers = await collectAnswers(questions, { name: 'given' }, { isInteractive: true, acceptDefaults: true, example }, noPrompt);
    expect(answers).toEqual({ name: 'given', template: 'blank', title: 'Title of given' });
  });

  it('names every missing flag when it cannot prompt, and takes optional defaults', async () => {
    const error = await usageError(collectAnswers(questions, {}, { isInteractive: false, acceptDefaults: false, example }, noPrompt));
    expect(error.message).toBe('--name and --template are required when not running interactively');
    expect(error.hint).toContain(`--yes for the defaults, e.g.: ${example}`);
    expect(error.exitCode).toBe(2);
  });

  it('says "is" for one missing flag', async () => {
    const error = await usageError(collectAnswers(questions, { name: 'a' }, { isInteractive: false, acceptDefaults: false, example }, noPrompt));
    expect(error.message).toBe('--template is required when not running interactively');
  });

  it('fails with --yes when a question has no default', async () => {
    const required: Question<'id'>[] = [{ key: 'id', flag: 'the <id> argument', message: 'Id' }];
    const error = await usageError(collectAnswers(required, {}, { isInteractive: true, acceptDefaults: true, example }, noPrompt));
    expect(error.message).toBe('the <id> argument is required: --yes has no default for it.');
  });

  it('checks given flags before prompting for anything', async () => {
    const error = await usageError(collectAnswers(questions, { name: 'a b' }, { isInteractive: true, acceptDefaults: false, example }, noPrompt));
    expect(error.message).toBe('bad name `a b`');
    expect(error.hint).toBe('no spaces');
  });

  it('prompts, in order, for what was not given, passing the resolved default', async () => {
    const asked: string[] = [];
    const ask: Ask = (question, defaultValue) => {
      asked.push(`${question.key}=${defaultValue}`);
      return Promise.resolve(question.key === 'name' ? 'typed' : (defaultValue ?? ''));
    };
    const answers = await collectAnswers(questions, { template: 'blank' }, { isInteractive: true, acceptDefaults: false, example }, ask);
    expect(asked).toEqual(['name=my-app', 'title=Title of typed']);
    expect(answers).toEqual({ name: 'typed', template: 'blank', title: 'Title of typed' });
  });
});

describe('promptValidator', () => {
  it('returns true or the message with its hint', () => {
    const validate = promptValidator(questions[0] as Question);
    expect(validate('ok')).toBe(true);
    expect(validate('a b')).toBe('bad name `a b` no spaces');
  });
});
