// `mwkit validate` and `mwkit pack`: the logic scripts of a large project are read and checked
// on a worker thread while this one reads and checks the workspace files (logic-checker.ts).
import { openProject, type LoadOptions } from '../project/load.js';
import { logicCheckerFor } from './logic-checker.js';
import { checkOpenedProject, projectReader, type ValidationResult } from './pipeline.js';

export async function validateProjectConcurrently(options: LoadOptions): Promise<ValidationResult> {
  const project = openProject(options);
  const readFile = projectReader(project);
  const logicChecker = await logicCheckerFor(project.workspaceFiles.length, project.root, readFile);
  try {
    const result = checkOpenedProject(project, logicChecker, readFile);
    await logicChecker.settled();
    return result();
  } finally {
    logicChecker.close();
  }
}
