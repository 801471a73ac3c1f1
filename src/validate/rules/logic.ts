// The business-logic script named by `logic:` must exist (MW209), compile and parse as an ES
// module (MW210), export only handlers, import nothing and leave browser and Node globals
// alone (MW220–MW222). The checks themselves are logic/check.ts; the context's logic checker
// may read and run them on another thread, so findings can arrive after the other rules ran.
import { posix } from 'node:path';
import type { Rule } from '../context.js';

export const logicScriptChecks: Rule = (context) => {
  const logic = context.workspace.logic;
  if (logic === undefined) return;
  const file = posix.join(posix.dirname(context.source.file), logic);
  context.logicChecker.check(file, (findings) => {
    if (findings === undefined) {
      context.report('MW209', '/logic', `The logic file \`${logic}\` does not exist (${file}).`, { hint: `Create ${file}, or remove \`logic:\`.` });
      return;
    }
    // A worker thread read the script: read it here too for the code frames of its findings.
    if (findings.length > 0) context.readFile(file);
    for (const finding of findings) {
      context.report(finding.code, '', finding.message, { file, line: finding.line, column: finding.column, ...(finding.hint ? { hint: finding.hint } : {}) });
    }
  });
};
