// Everything `validate` says about one logic script, from its text alone: whether it compiles
// (logic.ts) and parses, then the lint findings, at positions in the file the author wrote.
// Pure and self-contained, so a worker thread can run it for many scripts at once.
import { parseScript } from './ast.js';
import { compileLogicSync, isTypeScriptLogic } from './compile.js';
import type { LogicReference } from './ctx-uses.js';
import { scanParsedLogic } from './lint.js';
import type { PositionMapper } from './positions.js';
import type { Code } from '../validate/codes.js';

export interface LogicFinding {
  /** MW210 (does not parse) or one of the lint codes (MW220–MW223, MW226). */
  code: Code;
  message: string;
  /** 1-based, in the author's file. */
  line: number;
  column: number;
  hint?: string;
}

/**
 * What the script's text says: its findings, and the literal field names, action ids and
 * entities it passes to ctx, which only the workspace (and catalog) can check (references.ts).
 */
export interface LogicCheck {
  findings: LogicFinding[];
  references: LogicReference[];
}

const parseHint = 'Fix the script at this position; business logic is a JavaScript module with exported handlers.';

function doesNotParse(file: string, message: string, at: { line: number; column: number }): LogicCheck {
  return { findings: [{ code: 'MW210', message: `${file} does not parse: ${message}.`, line: at.line, column: at.column, hint: parseHint }], references: [] };
}

/** The findings and references of the script `code` read from `file` (a project-relative path). */
export function checkLogicSource(file: string, code: string): LogicCheck {
  let runnable = code;
  let mapOriginal: PositionMapper = (position) => position;
  if (isTypeScriptLogic(file)) {
    const { compiled, failure } = compileLogicSync(code, file);
    if (!compiled) return doesNotParse(file, failure.message, failure);
    runnable = compiled.code;
    mapOriginal = compiled.mapOriginal;
  }
  const { script, failure } = parseScript(runnable, { withTokens: false, withLocations: false });
  if (!script) return doesNotParse(file, failure!.message, mapOriginal(failure!));
  const { problems, references } = scanParsedLogic(script);
  return {
    findings: problems.map((problem) => {
      const at = mapOriginal(problem);
      return { code: problem.code, message: problem.message, line: at.line, column: at.column, ...(problem.hint ? { hint: problem.hint } : {}) };
    }),
    references: references.map((reference) => ({ ...reference, ...mapOriginal(reference) })),
  };
}
