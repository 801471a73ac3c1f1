// Rules against the catalog for values: filter operators and operands, defaults, and which
// fields a form must and must not write.
import { conditionEntries, isVariable, literalValue, parseVariable } from '../../model/filter.js';
import type { CatalogField, FieldType, FilterOperator, FilterValue } from '../../model/types.js';
import { withArticle } from '../../text/english.js';
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

/** A real calendar date in YYYY-MM-DD (not 2024-13-45). */
function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

/** An ISO 8601 date-time (or date), as the environment stores it. */
function isDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  return match !== null && isDate(match[1]!) && !Number.isNaN(Date.parse(value));
}

/** Field types whose values are user ids or record keys: text underneath. */
const idLike: readonly FieldType[] = ['string', 'user', 'reference'];

/** Why a variable does not fit a field, or undefined when it does (or cannot be known). */
function variableMismatch(context: RuleContext, value: string, field: CatalogField, recordEntity: string | undefined, pointer: string): string | undefined {
  const variable = parseVariable(value);
  if (!variable) return undefined; // reported as MW208
  switch (variable.kind) {
    case 'today':
      return field.type === 'date' || field.type === 'datetime' ? undefined : `\`$today\` is a date, but the field is ${withArticle(field.type)} field`;
    case 'user':
      return idLike.includes(field.type) ? undefined : `\`$user\` is a user id, but the field is ${withArticle(field.type)} field`;
    case 'userAttribute':
      return undefined; // user attributes are not typed in the catalog
    case 'record': {
      const source = recordEntity ? checkField(context, recordEntity, variable.field, pointer) : undefined;
      if (!source) return undefined;
      const fits =
        source.type === field.type ||
        (idLike.includes(source.type) && idLike.includes(field.type)) ||
        (source.type === 'enum' && field.type === 'string') ||
        (source.type === 'integer' && field.type === 'decimal');
      return fits ? undefined : `\`${value}\` is ${withArticle(source.type)} field, but this one is ${withArticle(field.type)} field`;
    }
  }
}

/** Why a value does not fit a field, or undefined when it does. */
function valueMismatch(context: RuleContext, value: FilterValue, field: CatalogField, recordEntity: string | undefined, pointer: string): string | undefined {
  if (value === null) return undefined;
  return isVariable(value) ? variableMismatch(context, value, field, recordEntity, pointer) : literalMismatch(literalValue(value), field);
}

/** Why a literal (`$$…` already read as `$…`) does not fit a field. */
function literalMismatch(value: Exclude<FilterValue, null>, field: CatalogField): string | undefined {
  switch (field.type) {
    case 'integer':
      return Number.isInteger(value) ? undefined : `expected a whole number, not \`${String(value)}\``;
    case 'decimal':
      return typeof value === 'number' ? undefined : `expected a number, not \`${String(value)}\``;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, not \`${String(value)}\``;
    case 'date':
      return typeof value === 'string' && isDate(value) ? undefined : `expected a date (YYYY-MM-DD) or $today, not \`${String(value)}\``;
    case 'datetime':
      return typeof value === 'string' && isDateTime(value) ? undefined : `expected a date-time (ISO 8601, e.g. 2024-03-05T09:00:00Z) or $today, not \`${String(value)}\``;
    case 'enum':
      return typeof value === 'string' ? undefined : `expected one of ${(field.values ?? []).join(', ')}, not \`${String(value)}\``;
    default:
      return typeof value === 'string' || typeof value === 'number' ? undefined : `expected text, not \`${String(value)}\``;
  }
}

function checkValue(context: RuleContext, value: FilterValue, field: CatalogField, name: string, recordEntity: string | undefined, pointer: string): void {
  const literal = isVariable(value) ? undefined : literalValue(value);
  if (field.type === 'enum' && typeof literal === 'string' && !field.values?.includes(literal)) {
    const values = field.values ?? [];
    context.report('MW306', pointer, `\`${literal}\` is not a value of \`${name}\` (${values.join(', ')}).`, { hint: didYouMean(literal, values, 'values') });
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
          context.report('MW305', pointer, `\`${operator}\` does not apply to \`${name}\`, ${withArticle(field.type)} field.`, {
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
    const missing = Object.entries(fields)
      .filter(([name, field]) => field.required && !field.readOnly && !listed.has(name))
      .map(([name]) => name);
    if (missing.length === 0) return;
    const what = action.kind === 'create' ? `${action.entity} requires` : `operation ${action.operation} requires`;
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
      context.report('MW308', pointer, `\`${name}\` is set by the environment; action \`${action.id}\` cannot write it.`, {
        hint: `Remove it, or show it with \`{ field: ${name}, readOnly: true }\`.`,
      });
    });
  });
};
