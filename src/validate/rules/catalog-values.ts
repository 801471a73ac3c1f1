// Rules against the catalog for values: filter operators and operands, defaults, and which
// fields a form must and must not write.
import { conditionEntries, isVariable, parseVariable } from '../../model/filter.js';
import type { CatalogField, FieldType, FilterOperator, FilterValue } from '../../model/types.js';
import { didYouMean } from '../../text/suggest.js';
import { joinPointer } from '../../yaml/source.js';
import type { Rule, RuleContext } from '../context.js';
import { defaultSites, filterSites } from '../filters.js';
import { checkField, formFields } from './catalog-refs.js';

const orderedTypes: readonly FieldType[] = ['integer', 'decimal', 'date', 'datetime', 'string'];
const textTypes: readonly FieldType[] = ['string', 'text'];

function operatorFits(operator: FilterOperator, type: FieldType): boolean {
  if (operator === 'lt' || operator === 'lte' || operator === 'gt' || operator === 'gte') return orderedTypes.includes(type);
  if (operator === 'contains') return textTypes.includes(type);
  return true;
}

/** Why a value does not fit a field, or undefined when it does. */
function valueMismatch(context: RuleContext, value: FilterValue, field: CatalogField, recordEntity: string | undefined, pointer: string): string | undefined {
  if (value === null) return undefined;
  if (isVariable(value)) {
    const variable = parseVariable(value);
    if (variable?.kind === 'today' && field.type !== 'date' && field.type !== 'datetime') return `\`$today\` is a date, but the field is ${field.type}`;
    if (variable?.kind === 'record' && recordEntity) checkField(context, recordEntity, variable.field, pointer);
    return undefined; // user ids and attributes are not typed in the catalog
  }
  switch (field.type) {
    case 'integer': return Number.isInteger(value) ? undefined : `expected a whole number, not \`${String(value)}\``;
    case 'decimal': return typeof value === 'number' ? undefined : `expected a number, not \`${String(value)}\``;
    case 'boolean': return typeof value === 'boolean' ? undefined : `expected true or false, not \`${String(value)}\``;
    case 'date': return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : `expected a date (YYYY-MM-DD) or $today, not \`${String(value)}\``;
    case 'datetime': return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : `expected a date-time (ISO 8601) or $today, not \`${String(value)}\``;
    case 'enum': return undefined; // checked against `values` by the caller
    default: return typeof value === 'string' || typeof value === 'number' ? undefined : `expected text, not \`${String(value)}\``;
  }
}

function checkValue(context: RuleContext, value: FilterValue, field: CatalogField, name: string, recordEntity: string | undefined, pointer: string): void {
  if (field.type === 'enum' && typeof value === 'string' && !isVariable(value) && !field.values?.includes(value)) {
    const values = field.values ?? [];
    context.report('MW306', pointer, `\`${value}\` is not a value of \`${name}\` (${values.join(', ')}).`, { hint: didYouMean(value, values, 'values') });
    return;
  }
  const mismatch = valueMismatch(context, value, field, recordEntity, pointer);
  if (mismatch) context.report('MW310', pointer, `Wrong value for \`${name}\`: ${mismatch}.`);
}

export const catalogFilterValues: Rule = (context) => {
  if (!context.catalog) return;
  for (const site of filterSites(context)) {
    const fields = site.entity ? context.catalog.entities[site.entity]?.fields : undefined;
    if (!fields) continue;
    for (const [name, condition] of Object.entries(site.filter)) {
      const field = fields[name];
      if (!field) continue; // reported by catalogFilterFields
      const isShorthand = condition === null || typeof condition !== 'object';
      for (const [operator, operand] of conditionEntries(condition)) {
        const pointer = isShorthand ? `${site.pointer}/${name}` : `${site.pointer}/${name}/${operator}`;
        if (!operatorFits(operator, field.type)) {
          context.report('MW305', pointer, `\`${operator}\` does not apply to \`${name}\`, a ${field.type} field.`, {
            hint: operator === 'contains' ? 'contains works on string and text fields.' : 'lt, lte, gt and gte work on numbers, dates and strings.',
            target: 'key',
          });
          continue;
        }
        const values = Array.isArray(operand) ? operand : [operand];
        values.forEach((value, i) => checkValue(context, value, field, name, site.recordEntity, Array.isArray(operand) ? `${pointer}/${i}` : pointer));
      }
    }
  }
};

export const catalogDefaults: Rule = (context) => {
  const catalog = context.catalog;
  if (!catalog) return;
  for (const site of defaultSites(context)) {
    const action = context.workspace.actions![site.actionIndex]!;
    const field = formFields(catalog, action)?.[site.field];
    if (field) checkValue(context, site.value, field, site.field, site.recordEntity, site.pointer);
  }
};

export const requiredFieldsSet: Rule = (context) => {
  const catalog = context.catalog;
  if (!catalog) return;
  (context.workspace.actions ?? []).forEach((action, a) => {
    if (action.kind !== 'create' && action.kind !== 'operation') return;
    const fields = formFields(catalog, action);
    if (!fields) return;
    const listed = new Set((action.fields ?? []).map((ref) => (typeof ref === 'string' ? ref : ref.field)));
    const missing = Object.entries(fields).filter(([name, field]) => field.required && !field.readOnly && !listed.has(name)).map(([name]) => name);
    if (missing.length === 0) return;
    const what = action.kind === 'create' ? `${action.entity} requires` : `Operation ${action.operation} requires`;
    const list = missing.map((m) => `\`${m}\``).join(', ');
    context.report('MW307', joinPointer('actions', a, action.fields ? 'fields' : 'id'), `Action \`${action.id}\` leaves ${list} unset; ${what} ${missing.length > 1 ? 'them' : 'it'}.`, {
      hint: `Add ${missing.map((m) => `\`- ${m}\``).join(', ')} to the action's fields (with a default if the user should not type it).`,
    });
  });
};

export const readOnlyFieldsNotWritten: Rule = (context) => {
  const catalog = context.catalog;
  if (!catalog) return;
  (context.workspace.actions ?? []).forEach((action, a) => {
    if (action.kind !== 'create' && action.kind !== 'update') return;
    const fields = catalog.entities[action.entity]?.fields;
    action.fields?.forEach((ref, i) => {
      const name = typeof ref === 'string' ? ref : ref.field;
      const isShownOnly = typeof ref !== 'string' && ref.readOnly === true;
      if (!fields?.[name]?.readOnly || isShownOnly) return;
      const pointer = typeof ref === 'string' ? joinPointer('actions', a, 'fields', i) : joinPointer('actions', a, 'fields', i, 'field');
      context.report('MW308', pointer, `\`${name}\` is set by the environment; action \`${action.id}\` cannot write it.`, { hint: `Remove it, or show it with \`{ field: ${name}, readOnly: true }\`.` });
    });
  });
};
