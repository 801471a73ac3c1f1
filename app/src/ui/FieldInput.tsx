// One form field: the input that fits the catalog type (or the field's format), labelled by
// the field's label, with the required mark, the error under it, and lookups for references.
import type { DataRecord, FieldState, Value } from '../../../src/logic/api.js';
import type { ActionField, CatalogField } from '../../../src/model/types.js';
import { Lookup } from './Lookup.js';

export interface FieldInputProps {
  name: string;
  state: FieldState;
  spec: ActionField;
  described?: CatalogField;
  value: Value | undefined;
  record?: DataRecord;
  onInput(value: Value): void;
  onCommit(value: Value): void;
}

function toLocalDateTime(value: Value | undefined): string {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function inputType(spec: ActionField, described: CatalogField | undefined): string {
  switch (spec.format) {
    case 'email':
      return 'email';
    case 'phone':
      return 'tel';
    case 'url':
      return 'url';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime-local';
    case 'number':
    case 'currency':
    case 'percent':
      return 'number';
    default:
      break;
  }
  switch (described?.type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime-local';
    default:
      return 'text';
  }
}

function parse(text: string, type: string): Value {
  if (text === '') return null;
  if (type === 'number') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  if (type === 'datetime-local') {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? text : date.toISOString();
  }
  return text;
}

export function FieldInput(props: FieldInputProps) {
  const { name, state, spec, described, value } = props;
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  const common = {
    id,
    'aria-invalid': state.error ? true : undefined,
    'aria-describedby': state.error ? errorId : undefined,
    'aria-required': state.required || undefined,
    disabled: false,
    readOnly: state.readOnly,
  };
  let control;
  if (spec.lookup) {
    control = (
      <Lookup
        id={id}
        spec={spec.lookup}
        filter={state.lookupFilter}
        value={value}
        record={props.record}
        isReadOnly={state.readOnly}
        isInvalid={Boolean(state.error)}
        isRequired={state.required}
        describedBy={state.error ? errorId : undefined}
        onChange={(v) => {
          props.onInput(v);
          props.onCommit(v);
        }}
      />
    );
  } else if (described?.type === 'enum' && described.values) {
    control = (
      <select
        {...common}
        disabled={state.readOnly}
        value={value === null || value === undefined ? '' : String(value)}
        onChange={(e) => {
          const v = e.currentTarget.value || null;
          props.onInput(v);
          props.onCommit(v);
        }}
      >
        <option value="">{state.required ? 'Choose…' : '—'}</option>
        {described.values.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (described?.type === 'boolean' || spec.format === 'boolean') {
    control = (
      <input
        {...common}
        type="checkbox"
        class="check"
        disabled={state.readOnly}
        checked={value === true}
        onChange={(e) => {
          props.onInput(e.currentTarget.checked);
          props.onCommit(e.currentTarget.checked);
        }}
      />
    );
  } else if (described?.type === 'text' || spec.format === 'multiline') {
    control = (
      <textarea
        {...common}
        rows={3}
        value={value === null || value === undefined ? '' : String(value)}
        onInput={(e) => props.onInput(e.currentTarget.value || null)}
        onChange={(e) => props.onCommit(e.currentTarget.value || null)}
      />
    );
  } else {
    const type = inputType(spec, described);
    const shown = type === 'datetime-local' ? toLocalDateTime(value) : value === null || value === undefined ? '' : String(value);
    const extra = type === 'number' ? { step: described?.type === 'integer' ? '1' : 'any', inputMode: described?.type === 'integer' ? 'numeric' : 'decimal' } : {};
    control = (
      <input {...common} {...extra} type={type} value={shown} onInput={(e) => props.onInput(parse(e.currentTarget.value, type))} onChange={(e) => props.onCommit(parse(e.currentTarget.value, type))} />
    );
  }
  return (
    <div class={`field${state.error ? ' invalid' : ''}${described?.type === 'boolean' ? ' checkbox' : ''}`}>
      <label for={id}>
        {state.label}
        {state.required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {control}
      {state.error && (
        <p id={errorId} class="field-error">
          {state.error}
        </p>
      )}
    </div>
  );
}
