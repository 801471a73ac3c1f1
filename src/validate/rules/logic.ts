// The business-logic script named by `logic:` must exist (MW209), compile and parse as an ES
// module (MW210), export only handlers, import nothing and leave browser and Node globals
// alone (MW220–MW222). The checks themselves are logic/check.ts; the context's logic checker
// may run them on another thread, so findings can arrive after the other rules have run.
import { posix } from 'node:path';
import type { Rule } from '../context.js';

export const logicScriptChecks: Rule = (context) => {
  const logic = context.workspace.logic;
  if (logic === undefined) return;
  const file = posix.join(posix.dirname(context.source.file), logic);
  const code = context.readFile(file);
  if (code === undefined) {
    context.report('MW209', '/logic', `The logic file \`${logic}\` does not exist (${file}).`, { hint: `Create ${file}, or remove \`logic:\`.` });
    return;
  }
  context.logicChecker.check(file, code, (findings) => {
    for (const finding of findings) {
      context.report(finding.code, '', finding.message, { file, line: finding.line, column: finding.column, ...(finding.hint ? { hint: finding.hint } : {}) });
    }
  });
};
