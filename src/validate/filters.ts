// Every filter and default value of a workspace, with what it refers to: the entity whose
// fields its keys name, and the entity `$record` stands for there (if any).
import type { Filter, FilterValue } from '../model/types.js';
import { joinPointer } from '../yaml/source.js';
import { recordEntityOfAction, type RuleContext } from './context.js';

export interface FilterSite {
  filter: Filter;
  pointer: string;
  /** Entity whose fields the filter's keys name; undefined when it cannot be known. */
  entity?: string;
  /** Entity of `$record`; undefined where `$record` cannot be used. */
  recordEntity?: string;
  /** Where the filter is, for messages: "the filter of page `x`". */
  where: string;
}

// Three rules walk the same filters: work them out once per workspace.
const sitesByWorkspace = new WeakMap<object, FilterSite[]>();

export function filterSites(context: RuleContext): FilterSite[] {
  const cached = sitesByWorkspace.get(context.workspace);
  if (cached) return cached;
  const sites = collectFilterSites(context);
  sitesByWorkspace.set(context.workspace, sites);
  return sites;
}

function collectFilterSites(context: RuleContext): FilterSite[] {
  const sites: FilterSite[] = [];
  context.workspace.pages.forEach((page, p) => {
    if (page.filter) sites.push({ filter: page.filter, pointer: joinPointer('pages', p, 'filter'), entity: page.entity, where: `the filter of page \`${page.id}\`` });
    page.related?.forEach((related, r) => {
      if (!related.filter) return;
      const target = context.pagesById.get(related.page)?.page;
      sites.push({
        filter: related.filter,
        pointer: joinPointer('pages', p, 'related', r, 'filter'),
        entity: target?.kind === 'list' ? target.entity : undefined,
        recordEntity: page.entity ?? '',
        where: `related list \`${related.title}\` of page \`${page.id}\``,
      });
    });
    page.figures?.forEach((figure, f) => {
      if (figure.filter) sites.push({ filter: figure.filter, pointer: joinPointer('pages', p, 'figures', f, 'filter'), entity: figure.entity, where: `figure \`${figure.label}\`` });
    });
  });
  (context.workspace.actions ?? []).forEach((action, a) => {
    action.fields?.forEach((field, f) => {
      if (typeof field === 'string' || !field.lookup?.filter) return;
      sites.push({
        filter: field.lookup.filter,
        pointer: joinPointer('actions', a, 'fields', f, 'lookup', 'filter'),
        entity: field.lookup.entity,
        recordEntity: recordEntityOfAction(context, action.id),
        where: `the lookup of \`${field.field}\` in action \`${action.id}\``,
      });
    });
  });
  return sites;
}

export interface DefaultSite {
  value: FilterValue;
  pointer: string;
  actionIndex: number;
  field: string;
  recordEntity?: string;
}

export function defaultSites(context: RuleContext): DefaultSite[] {
  const sites: DefaultSite[] = [];
  (context.workspace.actions ?? []).forEach((action, a) => {
    action.fields?.forEach((field, f) => {
      if (typeof field === 'string' || field.default === undefined) return;
      sites.push({
        value: field.default,
        pointer: joinPointer('actions', a, 'fields', f, 'default'),
        actionIndex: a,
        field: field.field,
        recordEntity: recordEntityOfAction(context, action.id),
      });
    });
  });
  return sites;
}
