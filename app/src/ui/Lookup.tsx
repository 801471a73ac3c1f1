// A lookup: a combobox that searches the target entity (on the device, and in the environment
// when online) and keeps the chosen record's value field while showing its display field.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DataRecord, Value } from '../../../src/logic/api.js';
import { resolveFilter } from '../../../src/logic/query.js';
import type { Filter, Lookup as LookupSpec } from '../../../src/model/types.js';
import { fetchRecords, withoutRecordVariables } from '../snapshots.js';
import { useAppState, useController, useLoad } from './hooks.js';
import { userScope } from './ListPage.js';

export interface LookupProps {
  id: string;
  spec: LookupSpec;
  filter?: Filter;
  value: Value | undefined;
  record?: DataRecord;
  isReadOnly: boolean;
  describedBy?: string;
  isInvalid: boolean;
  isRequired: boolean;
  onChange(value: Value): void;
}

function displayOf(record: DataRecord | undefined, spec: LookupSpec): string {
  if (!record) return '';
  const display = record[spec.display];
  return display === null || display === undefined ? String(record[spec.value] ?? '') : String(display);
}

export function Lookup(props: LookupProps) {
  const { id, spec, value } = props;
  const app = useController();
  const state = useAppState();
  const [text, setText] = useState<string | undefined>(undefined);
  /** What the user typed since entering the field (the search); empty shows every choice. */
  const [search, setSearch] = useState('');
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const filter = useMemo(() => {
    try {
      return resolveFilter(props.filter ?? spec.filter ?? {}, { ...userScope(state.session!.user), ...(props.record ? { record: props.record } : {}) });
    } catch {
      return {};
    }
  }, [props.filter, spec, props.record]);
  const selected = useLoad(
    async () => (value === null || value === undefined ? undefined : (await app.query(spec.entity, { filter: { [spec.value]: value } }))[0]),
    [value, spec.entity, state.dataVersion],
  );
  const options = useLoad(
    () => (isOpen ? app.query(spec.entity, { filter, search, searchFields: [spec.display, spec.value], sort: [{ field: spec.display }], limit: 20 }) : Promise.resolve([])),
    [isOpen, search, JSON.stringify(filter), state.dataVersion],
  );
  useEffect(() => {
    if (!isOpen || !state.isOnline) return;
    const timer = setTimeout(() => {
      const source = { entity: spec.entity, filter: withoutRecordVariables(filter), limit: 20 };
      void app.call((session, catalog) => fetchRecords({ store: app.store, session, catalog }, source, { search, searchFields: [spec.display, spec.value] })).catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [isOpen, search, state.isOnline]);

  const shownText = text ?? (selected.value ? displayOf(selected.value, spec) : value === null || value === undefined ? '' : String(value));
  const list = options.value ?? [];
  const listId = `${id}-options`;

  function choose(record: DataRecord) {
    props.onChange(record[spec.value] ?? null);
    setText(undefined);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, list.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter' && isOpen && list[active]) {
      event.preventDefault();
      choose(list[active]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
      setText(undefined);
    }
  }

  if (props.isReadOnly) return <input id={id} class="readonly" readOnly value={shownText} aria-describedby={props.describedBy} />;
  return (
    <div class="lookup">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isOpen}
        aria-controls={listId}
        autoComplete="off"
        aria-activedescendant={isOpen && list[active] ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.isInvalid}
        aria-required={props.isRequired}
        placeholder="Search…"
        value={shownText}
        // While the user is in the field, what it shows is theirs: the chosen record's display text
        // arriving late must not replace it (that would also move the caret under their fingers).
        onFocus={(e) => {
          setText(e.currentTarget.value);
          setSearch('');
          setOpen(true);
          e.currentTarget.select();
        }}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setSearch(e.currentTarget.value);
          setOpen(true);
          setActive(0);
          if (e.currentTarget.value === '') props.onChange(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() =>
          setTimeout(() => {
            setOpen(false);
            setText(undefined);
          }, 200)
        }
      />
      {isOpen && (
        <ul class="options" role="listbox" id={listId}>
          {list.length === 0 && <li class="empty">{options.isLoading ? 'Searching…' : 'No matches on this device.'}</li>}
          {list.map((record, index) => (
            <li
              key={String(record[spec.value])}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={record[spec.value] === value}
              class={index === active ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(record)}
            >
              {displayOf(record, spec)} <small>{String(record[spec.value] ?? '')}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
