// The entities a workspace uses: what its pages list and show, its figures count, its actions
// write and its lookups offer. What a pull asks for, and the only entities its logic may query.
import type { Workspace } from './types.js';

export function entitiesOf(workspace: Workspace): string[] {
  const names = new Set<string>();
  for (const page of workspace.pages) {
    if (page.entity) names.add(page.entity);
    for (const figure of page.figures ?? []) names.add(figure.entity);
  }
  for (const action of workspace.actions ?? []) {
    names.add(action.entity);
    for (const ref of action.fields ?? []) if (typeof ref !== 'string' && ref.lookup) names.add(ref.lookup.entity);
  }
  return [...names];
}
