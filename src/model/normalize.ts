// The normalised form of a workspace, as packages carry it and the environment and app use it:
// defaults applied, field references as objects, keys in the schema's order, so that the same
// definition always serialises to the same bytes.
import type { Action, ActionField, ActionFieldRef, FieldRef, FieldSpec, Figure, Page, Related, Section, SortKey, Workspace } from './types.js';

export const defaultOfflineRecords = 500;

export interface NormalizedPage extends Page {
  actions: string[];
}

export interface NormalizedWorkspace extends Workspace {
  offline: { records: number };
  roles: string[];
  pages: NormalizedPage[];
  actions: Action[];
}

/** Copies only the defined keys, in the order given, so JSON.stringify is stable. */
function ordered<T extends object>(source: T, keys: ReadonlyArray<keyof T>): T {
  const result = {} as T;
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result;
}

function fieldSpec(ref: FieldRef): FieldSpec {
  return typeof ref === 'string' ? { field: ref } : ordered(ref, ['field', 'label', 'format', 'readOnly']);
}

function actionField(ref: ActionFieldRef): ActionField {
  if (typeof ref === 'string') return { field: ref };
  const field = ordered(ref, ['field', 'label', 'required', 'readOnly', 'hidden', 'default', 'format', 'lookup']);
  if (field.lookup) field.lookup = ordered(field.lookup, ['entity', 'value', 'display', 'filter']);
  return field;
}

function sortKey(key: SortKey): SortKey {
  return { field: key.field, order: key.order ?? 'asc' };
}

function section(value: Section): Section {
  return { title: value.title, fields: value.fields.map(fieldSpec) };
}

function related(value: Related): Related {
  return ordered(value, ['title', 'page', 'filter']);
}

function figure(value: Figure): Figure {
  return ordered(value, ['label', 'entity', 'aggregate', 'field', 'filter', 'format']);
}

function page(value: Page): NormalizedPage {
  const base = { id: value.id, kind: value.kind, title: value.title, description: value.description };
  const actions = value.actions ?? [];
  switch (value.kind) {
    case 'list':
      return ordered(
        {
          ...base,
          entity: value.entity,
          filter: value.filter ?? {},
          sort: (value.sort ?? []).map(sortKey),
          search: value.search ?? [],
          fields: (value.fields ?? []).map(fieldSpec),
          open: value.open,
          actions,
        },
        ['id', 'kind', 'title', 'description', 'entity', 'filter', 'sort', 'search', 'fields', 'open', 'actions'],
      ) as NormalizedPage;
    case 'details':
      return ordered(
        {
          ...base,
          entity: value.entity,
          sections: (value.sections ?? []).map(section),
          related: (value.related ?? []).map(related),
          actions,
        },
        ['id', 'kind', 'title', 'description', 'entity', 'sections', 'related', 'actions'],
      ) as NormalizedPage;
    case 'summary':
      return ordered({ ...base, figures: (value.figures ?? []).map(figure), actions }, ['id', 'kind', 'title', 'description', 'figures', 'actions']) as NormalizedPage;
  }
}

function action(value: Action): Action {
  const fields = value.kind === 'delete' ? undefined : (value.fields ?? []).map(actionField);
  return ordered({ ...value, fields }, ['id', 'kind', 'title', 'entity', 'operation', 'fields', 'confirm']);
}

export function normalizeWorkspace(workspace: Workspace): NormalizedWorkspace {
  return ordered(
    {
      schemaVersion: workspace.schemaVersion,
      id: workspace.id,
      title: workspace.title,
      version: workspace.version,
      description: workspace.description,
      icon: workspace.icon,
      logic: workspace.logic,
      offline: { records: workspace.offline?.records ?? defaultOfflineRecords },
      roles: workspace.roles ?? [],
      pages: workspace.pages.map(page),
      actions: (workspace.actions ?? []).map(action),
    },
    ['schemaVersion', 'id', 'title', 'version', 'description', 'icon', 'logic', 'offline', 'roles', 'pages', 'actions'],
  ) as NormalizedWorkspace;
}
