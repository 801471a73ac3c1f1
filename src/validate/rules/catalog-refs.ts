// Rules against the entity catalog: entities, fields, operations and lookups must exist.
import type { ActionFieldRef, Catalog, CatalogField, Entity, FieldRef } from '../../model/types.js';
import { orList, withArticle } from '../../text/english.js';
import { didYouMean } from '../../text/suggest.js';
import { joinPointer } from '../../yaml/source.js';
import type { Rule, RuleContext } from '../context.js';
import { filterSites } from '../filters.js';

/** The fields an action's form writes: entity fields, or the operation's parameters. */
export function formFields(catalog: Catalog, action: { entity: string; kind: string; operation?: string }): Record<string, CatalogField> | undefined {
  const entity = catalog.entities[action.entity];
  if (!entity) return undefined;
  if (action.kind !== 'operation') return entity.fields;
  const operation = action.operation ? entity.operations?.[action.operation] : undefined;
  return operation ? (operation.parameters ?? {}) : undefined;
}

function refPointer(base: string, ref: FieldRef | ActionFieldRef): string {
  return typeof ref === 'string' ? base : `${base}/field`;
}

function refName(ref: FieldRef | ActionFieldRef): string {
  return typeof ref === 'string' ? ref : ref.field;
}

export function checkField(context: RuleContext, entityName: string | undefined, field: string, pointer: string, code: 'MW302' | 'MW304' = 'MW302'): CatalogField | undefined {
  const entity = entityName ? context.catalog?.entities[entityName] : undefined;
  if (!entity) return undefined; // an unknown entity is reported once, where it is named
  const found = entity.fields[field];
  if (!found) {
    context.report(code, pointer, `${entityName} has no field \`${field}\`.`, { hint: didYouMean(field, Object.keys(entity.fields), `fields of ${entityName}`) });
  }
  return found;
}

function checkEntity(context: RuleContext, name: string | undefined, pointer: string, code: 'MW301' | 'MW304' = 'MW301'): Entity | undefined {
  if (name === undefined || !context.catalog) return undefined;
  const entity = context.catalog.entities[name];
  if (!entity) context.report(code, pointer, `The catalog has no entity \`${name}\`.`, { hint: didYouMean(name, Object.keys(context.catalog.entities), 'entities') });
  return entity;
}

export const catalogEntities: Rule = (context) => {
  if (!context.catalog) return;
  context.workspace.pages.forEach((page, p) => {
    checkEntity(context, page.entity, joinPointer('pages', p, 'entity'));
    page.figures?.forEach((figure, f) => checkEntity(context, figure.entity, joinPointer('pages', p, 'figures', f, 'entity')));
  });
  (context.workspace.actions ?? []).forEach((action, a) => {
    const entity = checkEntity(context, action.entity, joinPointer('actions', a, 'entity'));
    if (entity && action.kind === 'operation' && action.operation && !entity.operations?.[action.operation]) {
      context.report('MW303', joinPointer('actions', a, 'operation'), `${action.entity} has no operation \`${action.operation}\`.`, {
        hint: didYouMean(action.operation, Object.keys(entity.operations ?? {}), `operations of ${action.entity}`),
      });
    }
  });
};

export const catalogPageFields: Rule = (context) => {
  if (!context.catalog) return;
  context.workspace.pages.forEach((page, p) => {
    page.fields?.forEach((ref, i) => checkField(context, page.entity, refName(ref), refPointer(joinPointer('pages', p, 'fields', i), ref)));
    page.sections?.forEach((section, s) => section.fields.forEach((ref, i) => checkField(context, page.entity, refName(ref), refPointer(joinPointer('pages', p, 'sections', s, 'fields', i), ref))));
    page.sort?.forEach((key, i) => checkField(context, page.entity, key.field, joinPointer('pages', p, 'sort', i, 'field')));
    page.search?.forEach((name, i) => {
      const pointer = joinPointer('pages', p, 'search', i);
      const field = checkField(context, page.entity, name, pointer);
      if (field && !['string', 'text', 'enum'].includes(field.type)) {
        context.report('MW305', pointer, `The search box looks in text, but \`${name}\` is ${withArticle(field.type)} field.`, {
          hint: 'Search string, text or enum fields; filter other fields with `filter`.',
        });
      }
    });
    page.figures?.forEach((figure, f) => {
      if (figure.field === undefined) return;
      const pointer = joinPointer('pages', p, 'figures', f, 'field');
      const field = checkField(context, figure.entity, figure.field, pointer);
      const allowed = figure.aggregate === 'min' || figure.aggregate === 'max' ? ['integer', 'decimal', 'date', 'datetime'] : ['integer', 'decimal'];
      if (field && !allowed.includes(field.type)) {
        context.report('MW309', pointer, `\`${figure.aggregate}\` needs ${withArticle(orList(allowed))} field; \`${figure.field}\` is ${withArticle(field.type)} field.`, {
          hint: 'Use aggregate: count, or a numeric field.',
        });
      }
    });
  });
};

export const catalogFilterFields: Rule = (context) => {
  if (!context.catalog) return;
  for (const site of filterSites(context)) {
    for (const key of Object.keys(site.filter)) checkField(context, site.entity, key, `${site.pointer}/${key}`);
  }
};

export const catalogActionFields: Rule = (context) => {
  const catalog = context.catalog;
  if (!catalog) return;
  (context.workspace.actions ?? []).forEach((action, a) => {
    const fields = formFields(catalog, action);
    if (!fields) return;
    const owner = action.kind === 'operation' ? `Operation ${action.operation} of ${action.entity}` : action.entity;
    action.fields?.forEach((ref, i) => {
      const pointer = refPointer(joinPointer('actions', a, 'fields', i), ref);
      const name = refName(ref);
      const field = fields[name];
      if (!field) {
        const noun = action.kind === 'operation' ? 'parameter' : 'field';
        context.report('MW302', pointer, `${owner} has no ${noun} \`${name}\`.`, { hint: didYouMean(name, Object.keys(fields), `${noun}s`) });
        return;
      }
      if (typeof ref !== 'string' && ref.lookup) checkLookup(context, field, ref.lookup, joinPointer('actions', a, 'fields', i, 'lookup'), name);
    });
  });
};

function checkLookup(context: RuleContext, field: CatalogField, lookup: { entity: string; value: string; display: string }, pointer: string, name: string): void {
  const entity = checkEntity(context, lookup.entity, `${pointer}/entity`, 'MW304');
  if (!entity) return;
  if (field.type === 'reference' && field.entity !== lookup.entity) {
    context.report('MW304', `${pointer}/entity`, `\`${name}\` refers to ${field.entity}, but its lookup chooses from ${lookup.entity}.`, { hint: `Use entity: ${field.entity}.` });
  }
  checkField(context, lookup.entity, lookup.value, `${pointer}/value`, 'MW304');
  checkField(context, lookup.entity, lookup.display, `${pointer}/display`, 'MW304');
}
