// The business-logic script named by `logic:` must exist, parse as an ES module (logic.ts:
// compile), export only handlers, import nothing and leave browser and Node globals alone.
// The file is read and parsed once per workspace; the second rule reuses the parse.
import { posix } from 'node:path';
import { parseScript, type ParsedScript } from '../../logic/ast.js';
import { compileLogicSync, isTypeScriptLogic } from '../../logic/compile.js';
import { lintParsedLogic } from '../../logic/lint.js';
import type { PositionMapper } from '../../logic/positions.js';
import type { Workspace } from '../../model/types.js';
import type { Rule, RuleContext } from '../context.js';

interface ParsedLogic {
  file: string;
  script: ParsedScript;
  /** Maps positions of the parsed code to the author's file (identity for logic.js). */
  mapOriginal: PositionMapper;
}

const parsedLogic = new WeakMap<Workspace, ParsedLogic>();

function reportSyntax(context: RuleContext, file: string, message: string, at: { line: number; column: number }): void {
  context.report('MW210', '', `${file} does not parse: ${message}.`, {
    file, line: at.line, column: at.column,
    hint: 'Fix the script at this position; business logic is a JavaScript module with exported handlers.',
  });
}

export const logicFileParses: Rule = (context) => {
  const logic = context.workspace.logic;
  if (logic === undefined) return;
  const file = posix.join(posix.dirname(context.source.file), logic);
  let code = context.readFile(file);
  if (code === undefined) {
    context.report('MW209', '/logic', `The logic file \`${logic}\` does not exist (${file}).`, { hint: `Create ${file}, or remove \`logic:\`.` });
    return;
  }
  let mapOriginal: PositionMapper = (position) => position;
  if (isTypeScriptLogic(logic)) {
    const { compiled, failure } = compileLogicSync(code, file);
    if (!compiled) {
      reportSyntax(context, file, failure.message, failure);
      return;
    }
    code = compiled.code;
    mapOriginal = compiled.mapOriginal;
  }
  const { script, failure } = parseScript(code, { withTokens: false, withLocations: false });
  if (!script) {
    reportSyntax(context, file, failure!.message, mapOriginal(failure!));
    return;
  }
  parsedLogic.set(context.workspace, { file, script, mapOriginal });
};

/** Only handlers exported, no imports, no browser or Node globals (MW220–MW222). */
export const logicUsesOnlyTheApi: Rule = (context) => {
  const parsed = parsedLogic.get(context.workspace);
  if (!parsed) return;
  for (const problem of lintParsedLogic(parsed.script)) {
    const at = parsed.mapOriginal(problem);
    context.report(problem.code, '', problem.message, { file: parsed.file, line: at.line, column: at.column, hint: problem.hint });
  }
};
