// The literal names a logic script passes to ctx, checked against its workspace: a field name
// must be a field of some page (onPageOpened) or action form (the form handlers) the handler
// can run for, an action id must be offered on some page, and a queried entity must be in the
// catalog when there is one, and be one its own workspace uses. Which page or form a call runs for is not known statically
// (`if (ctx.actionId === …)`), so a name any of them has is accepted.
import type { Catalog, Workspace } from '../model/types.js';
import { entitiesOf } from '../model/workspace-entities.js';
import { didYouMean } from '../text/suggest.js';
import type { HandlerName } from './api.js';
import { handlerFieldSources, type FieldSource } from './ctx-api.js';
import type { ComparedRole, LogicReference } from './ctx-uses.js';
import { pageFieldRefs } from './state.js';

export interface ReferenceProblem {
  code: 'MW224' | 'MW225' | 'MW227' | 'MW228' | 'MW229';
  message: string;
  hint?: string;
  line: number;
  column: number;
}

interface WorkspaceNames {
  fields: Record<FieldSource, Set<string>>;
  offeredActions: Set<string>;
  /** The fields a set of handlers may name, by the sources they take fields from ('form', 'page,form' …). */
  fieldsBySources: Map<string, Set<string>>;
}

function namesOf(workspace: Workspace): WorkspaceNames {
  const page = new Set(workspace.pages.flatMap((p) => pageFieldRefs(p).map((ref) => (typeof ref === 'string' ? ref : ref.field))));
  const form = new Set((workspace.actions ?? []).flatMap((a) => (a.fields ?? []).map((ref) => (typeof ref === 'string' ? ref : ref.field))));
  return { fields: { page, form }, offeredActions: new Set(workspace.pages.flatMap((p) => p.actions ?? [])), fieldsBySources: new Map() };
}

function sourcesOf(handlers: readonly HandlerName[]): FieldSource[] {
  const sources = new Set<FieldSource>();
  for (const handler of handlers) {
    const source = handlerFieldSources[handler];
    if (source) sources.add(source);
  }
  return (['page', 'form'] as const).filter((source) => sources.has(source));
}

function fieldProblem(reference: LogicReference, names: WorkspaceNames): ReferenceProblem | undefined {
  const sources = sourcesOf(reference.handlers);
  const key = sources.join(',');
  let known = names.fieldsBySources.get(key);
  if (!known) {
    known = new Set(sources.flatMap((source) => [...names.fields[source]]));
    names.fieldsBySources.set(key, known);
  }
  if (known.has(reference.name)) return undefined;
  const where = sources.map((s) => (s === 'page' ? 'page' : 'action form')).join(' or ');
  return {
    code: 'MW224',
    line: reference.line,
    column: reference.column,
    message: `\`${reference.name}\` is not a field of any ${where} of this workspace, so ${reference.handlers.join(' or ')} cannot change it.`,
    hint: didYouMean(reference.name, [...known], 'fields') ?? `No ${where} of this workspace has fields: add \`${reference.name}\` to one in workspace.yaml.`,
  };
}

function actionProblem(reference: LogicReference, names: WorkspaceNames, workspace: Workspace): ReferenceProblem | undefined {
  if (names.offeredActions.has(reference.name)) return undefined;
  const isDefined = (workspace.actions ?? []).some((a) => a.id === reference.name);
  return {
    code: 'MW225',
    line: reference.line,
    column: reference.column,
    message: isDefined ? `The action \`${reference.name}\` is not offered on any page, so there is nothing to show or hide.` : `\`${reference.name}\` is not an action of this workspace.`,
    hint: isDefined
      ? `Add \`${reference.name}\` to the \`actions\` of the page it belongs on.`
      : (didYouMean(reference.name, [...names.offeredActions], 'actions') ?? 'No page of this workspace offers actions.'),
  };
}

const comparedWhat = {
  'compared-action': { member: 'ctx.actionId', noun: 'action', plural: 'actions' },
  'compared-page': { member: 'ctx.pageId', noun: 'page', plural: 'pages' },
  'compared-field': { member: 'ctx.field', noun: 'action form field', plural: 'fields' },
} as const;

/** `ctx.actionId === 'add-line'` after `add-line` was renamed: a branch that can never run. */
function comparedProblem(reference: LogicReference & { role: ComparedRole }, names: WorkspaceNames, workspace: Workspace): ReferenceProblem | undefined {
  const known = reference.role === 'compared-action' ? (workspace.actions ?? []).map((a) => a.id) : reference.role === 'compared-page' ? workspace.pages.map((p) => p.id) : [...names.fields.form];
  if (known.includes(reference.name)) return undefined;
  const what = comparedWhat[reference.role];
  return {
    code: 'MW229',
    line: reference.line,
    column: reference.column,
    message: `\`${what.member}\` is never \`${reference.name}\`: this workspace has no ${what.noun} \`${reference.name}\`, so the comparison is always false.`,
    hint: didYouMean(reference.name, known, what.plural) ?? `This workspace has no ${what.plural}: remove the branch.`,
  };
}

function isCompared(reference: LogicReference): reference is LogicReference & { role: ComparedRole } {
  return reference.role.startsWith('compared-');
}

function entityProblem(reference: LogicReference, catalog: Catalog | undefined, used: readonly string[]): ReferenceProblem | undefined {
  if (!catalog || Object.hasOwn(catalog.entities, reference.name)) return foreignEntityProblem(reference, used);
  return {
    code: 'MW227',
    line: reference.line,
    column: reference.column,
    message: `The catalog has no entity \`${reference.name}\`, so ctx.query throws.`,
    hint: didYouMean(reference.name, Object.keys(catalog.entities), 'entities') ?? 'Query an entity of the catalog, or pull a newer catalog (mwkit env pull-catalog).',
  };
}

function foreignEntityProblem(reference: LogicReference, used: readonly string[]): ReferenceProblem | undefined {
  if (used.includes(reference.name)) return undefined;
  return {
    code: 'MW228',
    line: reference.line,
    column: reference.column,
    message: `\`${reference.name}\` is not an entity this workspace uses, so ctx.query throws: logic reads only the entities of its own workspace's pages, actions and lookups.`,
    hint: didYouMean(reference.name, used, 'entities') ?? `Add a page, action or lookup of ${reference.name} to workspace.yaml, or query one of: ${used.join(', ')}.`,
  };
}

/** The problems of `references` in `workspace`; entities only when there is a catalog. */
export function referenceProblems(references: readonly LogicReference[], workspace: Workspace, catalog: Catalog | undefined): ReferenceProblem[] {
  if (references.length === 0) return [];
  const names = namesOf(workspace);
  const used = entitiesOf(workspace);
  const problems: ReferenceProblem[] = [];
  for (const reference of references) {
    const found = isCompared(reference)
      ? comparedProblem(reference, names, workspace)
      : reference.role === 'field'
        ? fieldProblem(reference, names)
        : reference.role === 'action'
          ? actionProblem(reference, names, workspace)
          : entityProblem(reference, catalog, used);
    if (found) problems.push(found);
  }
  return problems;
}
