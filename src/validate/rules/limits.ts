// What one workspace may hold, so that no package can overload the phones it reaches: every
// page is a screen, every offline query a request per refresh, the definition goes to every
// user. Checked by `mwkit validate` and again by the environment on apply (the same rules).
import { pageFieldRefs } from '../../logic/state.js';
import type { Workspace } from '../../model/types.js';
import { joinPointer } from '../../yaml/source.js';
import type { Rule } from '../context.js';

export const workspaceLimits = {
  pages: 100,
  actions: 100,
  /** Fields of one page (list columns, or all its sections) or of one action's form. */
  fields: 60,
  /** The distinct queries a phone runs to keep the workspace's data offline. */
  offlineQueries: 30,
  /** The definition as JSON, as every user's phone receives it. */
  definitionBytes: 256 * 1024,
} as const;

/** The distinct (entity, filter, sort) a phone fetches for offline use: list pages, figures, lookups. */
export function offlineQueries(workspace: Workspace): number {
  const queries = new Set<string>();
  for (const page of workspace.pages) {
    if (page.kind === 'list' && page.entity) queries.add(JSON.stringify([page.entity, page.filter ?? null, page.sort ?? null]));
    for (const figure of page.figures ?? []) queries.add(JSON.stringify([figure.entity, figure.filter ?? null, null]));
  }
  for (const action of workspace.actions ?? []) {
    for (const ref of action.fields ?? []) if (typeof ref !== 'string' && ref.lookup) queries.add(JSON.stringify([ref.lookup.entity, ref.lookup.filter ?? null, null]));
  }
  return queries.size;
}

const splitHint = 'Split the task into several workspaces: a phone shows one task at a time, and each workspace is fetched on its own.';

export const packageLimits: Rule = (context) => {
  const { workspace } = context;
  const count = (n: number) => n.toLocaleString('en-US');
  if (workspace.pages.length > workspaceLimits.pages) {
    context.report('MW215', '/pages', `Workspace \`${workspace.id}\` has ${count(workspace.pages.length)} pages; a workspace may have at most ${workspaceLimits.pages}.`, {
      hint: splitHint,
      target: 'key',
    });
  }
  const actions = workspace.actions ?? [];
  if (actions.length > workspaceLimits.actions) {
    context.report('MW215', '/actions', `Workspace \`${workspace.id}\` has ${count(actions.length)} actions; a workspace may have at most ${workspaceLimits.actions}.`, {
      hint: splitHint,
      target: 'key',
    });
  }
  workspace.pages.forEach((page, index) => {
    const fields = pageFieldRefs(page).length;
    if (fields > workspaceLimits.fields)
      context.report('MW215', joinPointer('pages', index), `Page \`${page.id}\` shows ${count(fields)} fields; a page may show at most ${workspaceLimits.fields}.`, {
        hint: 'Show the fields a person needs for the task; the rest stay in the system of record.',
      });
  });
  actions.forEach((action, index) => {
    const fields = (action.fields ?? []).length;
    if (fields > workspaceLimits.fields)
      context.report('MW215', joinPointer('actions', index), `Action \`${action.id}\` has ${count(fields)} fields; a form may have at most ${workspaceLimits.fields}.`, {
        hint: 'Ask for what the action needs; split a long form into several actions.',
      });
  });
  const queries = offlineQueries(workspace);
  if (queries > workspaceLimits.offlineQueries) {
    context.report(
      'MW215',
      '',
      `Workspace \`${workspace.id}\` needs ${count(queries)} different queries to work offline (list pages, figures and lookups with their filters); at most ${workspaceLimits.offlineQueries} are allowed.`,
      { hint: 'Let pages share a filter, or split the workspace: every query is a request on every phone at every refresh.' },
    );
  }
  const bytes = JSON.stringify(workspace).length;
  if (bytes > workspaceLimits.definitionBytes) {
    context.report('MW215', '', `Workspace \`${workspace.id}\` is ${Math.ceil(bytes / 1024)} KB as JSON; a workspace definition may be at most ${workspaceLimits.definitionBytes / 1024} KB.`, {
      hint: splitHint,
    });
  }
};
