// The terminal side of collectAnswers: shows a question with @inquirer/prompts. Loaded only
// when a prompt is actually shown, so non-interactive runs never import inquirer.
import { ExitCode, UserError } from '../errors.js';
import { promptValidator, type Ask } from './answers.js';

export const askInTerminal: Ask = async (question, defaultValue) => {
  const { input, select } = await import('@inquirer/prompts');
  try {
    if (question.choices) {
      const choices = question.choices.map(({ value, name, description }) => ({ value, name, description }));
      return await select({ message: question.message, choices, default: defaultValue, pageSize: choices.length, loop: false });
    }
    return await input({ message: question.message, default: defaultValue, validate: promptValidator(question) });
  } catch (error) {
    // Ctrl+C (or a closed terminal) inside a prompt: nothing has been written yet.
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new UserError('Cancelled; nothing was written.', undefined, ExitCode.failed);
    }
    throw error;
  }
};
