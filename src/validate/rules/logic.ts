// The business-logic script named by `logic:` must exist (MW209), compile and parse as an ES
// module (MW210), export only handlers, import nothing, leave browser and Node globals alone,
// use only the ctx members its handlers get and declare every variable (MW220–MW223, MW226).
// Those checks need the script alone (logic/check.ts); the context's logic checker may run them
// on another thread, so findings can arrive after the other rules ran. The literal field names,
// action ids and entities the script passes to ctx come back with them and are checked here
// against this workspace and the catalog (MW224, MW225, MW227; logic/references.ts).
import { posix } from 'node:path';
import { referenceProblems } from '../../logic/references.js';
import type { Rule } from '../context.js';

export const logicScriptChecks: Rule = (context) => {
  const logic = context.workspace.logic;
  if (logic === undefined) return;
  const file = posix.join(posix.dirname(context.source.file), logic);
  context.logicChecker.check(file, (checked) => {
    if (checked === undefined) {
      context.report('MW209', '/logic', `The logic file \`${logic}\` does not exist (${file}).`, { hint: `Create ${file}, or remove \`logic:\`.` });
      return;
    }
    const findings = [...checked.findings, ...referenceProblems(checked.references, context.workspace, context.catalog)];
    // A worker thread read the script: read it here too for the code frames of its findings.
    if (findings.length > 0) context.readFile(file);
    for (const finding of findings) {
      context.report(finding.code, '', finding.message, { file, line: finding.line, column: finding.column, ...(finding.hint ? { hint: finding.hint } : {}) });
    }
  });
};
