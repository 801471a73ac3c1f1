// QuickJS places a call's stack frame at its opening parenthesis; authors (and V8) think of
// the call as where its callee is named: `ctx.setValue(` is "at setValue". This moves such a
// position back to the callee's name, using the script's own syntax tree.
import { walk, type AnyNode, type ParsedScript } from './ast.js';
import type { LinePosition, PositionMapper } from './positions.js';

interface CallSite {
  /** 0-based column where the callee ends on its last line. */
  calleeEnd: number;
  /** 1-based position of the callee's name (a member's property). */
  named: LinePosition;
}

export function calleeMapper(script: ParsedScript, next: PositionMapper): PositionMapper {
  const byLine = new Map<number, CallSite[]>();
  walk(script.program, (node: AnyNode) => {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
    const callee = node.callee as AnyNode;
    const end = callee.loc?.end;
    if (!end) return;
    const named = callee.type === 'MemberExpression' && !callee.computed ? callee.property : callee;
    const list = byLine.get(end.line) ?? [];
    list.push({ calleeEnd: end.column, named: { line: named.loc.start.line, column: named.loc.start.column + 1 } });
    byLine.set(end.line, list);
  });
  const lines = script.code.split('\n');
  return (position) => {
    if (lines[position.line - 1]?.[position.column - 1] !== '(') return next(position);
    let best: CallSite | undefined;
    for (const site of byLine.get(position.line) ?? []) {
      if (site.calleeEnd <= position.column - 1 && (!best || site.calleeEnd > best.calleeEnd)) best = site;
    }
    return next(best ? best.named : position);
  };
}
