// How values are shown: a field's format (from the page, else from its catalog type), and
// labels (from the page, else the catalog, else the field name made readable). Pure.
import type { Value } from '../../src/logic/api.js';
import type { CatalogField, Entity, FieldFormat, FieldRef } from '../../src/model/types.js';

export interface ShownField {
  name: string;
  label: string;
  format: FieldFormat;
}

/** `costCentre` → `Cost centre`: a readable label when neither page nor catalog gives one. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatOfType(field: CatalogField | undefined): FieldFormat {
  switch (field?.type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'text':
      return 'multiline';
    default:
      return 'text';
  }
}

export function shownField(ref: FieldRef, entity: Entity | undefined): ShownField {
  const spec = typeof ref === 'string' ? { field: ref } : ref;
  const described = entity?.fields[spec.field];
  return {
    name: spec.field,
    label: spec.label ?? described?.label ?? humanize(spec.field),
    format: spec.format ?? formatOfType(described),
  };
}

const locale = typeof navigator === 'undefined' ? 'en' : navigator.language || 'en';
const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
const moneyFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** A key the device made for a record not sent yet reads as such, never as `local:…`. */
export function shownKey(key: Value | undefined): string {
  return typeof key === 'string' && key.startsWith('local:') ? 'New (not sent yet)' : String(key ?? '');
}

/** The value as text; `currency` is the record's currency code, shown after amounts. */
export function formatValue(value: Value | undefined, format: FieldFormat, currency?: Value): string {
  if (isBlank(value)) return '—';
  if (typeof value === 'string' && value.startsWith('local:')) return shownKey(value);
  switch (format) {
    case 'boolean':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'number':
      return typeof value === 'number' ? numberFormat.format(value) : String(value);
    case 'currency':
      if (typeof value !== 'number') return String(value);
      return typeof currency === 'string' && currency ? `${moneyFormat.format(value)} ${currency}` : moneyFormat.format(value);
    case 'percent':
      return typeof value === 'number' ? `${numberFormat.format(value)} %` : String(value);
    case 'date': {
      const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : undefined;
      return date && !Number.isNaN(date.getTime()) ? dateFormat.format(date) : String(value);
    }
    case 'datetime': {
      const date = typeof value === 'string' ? new Date(value) : undefined;
      return date && !Number.isNaN(date.getTime()) ? dateTimeFormat.format(date) : String(value);
    }
    default:
      return String(value);
  }
}

/** A relative time for "last synced", e.g. "just now", "5 min ago". */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return dateFormat.format(new Date(iso));
}
