// What a semantic rule gets: one schema-valid workspace, its source for positions, the catalog
// if there is one, and `report` to add a diagnostic at a JSON Pointer.
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Action, Catalog, Page, Workspace } from '../model/types.js';
import { locate, type SourceFile } from '../yaml/source.js';
import { codes, type Code } from './codes.js';
import type { LogicChecker } from './logic-checker.js';

export interface ReportOptions {
  hint?: string;
  /** Point at the key instead of the value (e.g. for an unknown key). */
  target?: 'key' | 'value';
  severity?: Severity;
  /** Another file than the workspace file (e.g. the logic script), with its own position. */
  file?: string;
  line?: number;
  column?: number;
}

export interface RuleContext {
  workspace: Workspace;
  source: SourceFile;
  catalog?: Catalog;
  /** Absolute path of the project folder ('' for in-memory documents). */
  root: string;
  /** Reads a file relative to the project folder; undefined when it does not exist. */
  readFile(file: string): string | undefined;
  /** Checks logic scripts, here or on another thread (findings may arrive later). */
  logicChecker: LogicChecker;
  pagesById: ReadonlyMap<string, { page: Page; index: number }>;
  actionsById: ReadonlyMap<string, { action: Action; index: number }>;
  report(code: Code, pointer: string, message: string, options?: ReportOptions): void;
}

export type Rule = (context: RuleContext) => void;

export interface RuleInputs {
  root: string;
  catalog: Catalog | undefined;
  readFile(file: string): string | undefined;
  logicChecker: LogicChecker;
}

export function createRuleContext(workspace: Workspace, source: SourceFile, inputs: RuleInputs, diagnostics: Diagnostic[]): RuleContext {
  return {
    workspace,
    source,
    ...inputs,
    pagesById: firstById(workspace.pages, (page, index) => ({ page, index })),
    actionsById: firstById(workspace.actions ?? [], (action, index) => ({ action, index })),
    report(code, pointer, message, options = {}) {
      const position = options.line !== undefined ? { line: options.line, column: options.column ?? 1 } : locate(source, pointer, options.target ?? 'value');
      diagnostics.push({
        severity: options.severity ?? codes[code].severity,
        code,
        message,
        file: options.file ?? source.file,
        ...position,
        pointer,
        ...(options.hint ? { hint: options.hint } : {}),
      });
    },
  };
}

function firstById<T extends { id: string }, R>(items: readonly T[], wrap: (item: T, index: number) => R): Map<string, R> {
  const map = new Map<string, R>();
  items.forEach((item, index) => {
    if (!map.has(item.id)) map.set(item.id, wrap(item, index));
  });
  return map;
}

/** The pages that offer an action, with their indexes. */
export function pagesOffering(context: RuleContext, actionId: string): Array<{ page: Page; index: number }> {
  return context.workspace.pages.map((page, index) => ({ page, index })).filter(({ page }) => page.actions?.includes(actionId));
}

/**
 * The entity `$record` stands for in an action's defaults and lookup filters: the entity of
 * the details pages that offer it. Undefined when the action is offered anywhere else.
 */
export function recordEntityOfAction(context: RuleContext, actionId: string): string | undefined {
  const pages = pagesOffering(context, actionId);
  if (pages.length === 0 || pages.some(({ page }) => page.kind !== 'details')) return undefined;
  const entities = new Set(pages.map(({ page }) => page.entity));
  // Offered on details pages of different entities, `$record` would mean different things.
  return entities.size === 1 ? pages[0]!.page.entity : undefined;
}
