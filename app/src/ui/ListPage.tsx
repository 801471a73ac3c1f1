// A list page: search box, the records sorted as the page defines, a row per record with the
// listed fields, more on scrolling (or "Show more"). Shown from the device's data at once;
// when online, the environment's newest records (and search hits beyond the device) follow.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { resolveFilter } from '../../../src/logic/query.js';
import type { Filter, Page } from '../../../src/model/types.js';
import { formatValue, shownField, shownKey } from '../format.js';
import { href } from '../router.js';
import { fetchRecords, withoutRecordVariables } from '../snapshots.js';
import type { ShownRecord } from '../overlay.js';
import { Frame, Message } from './Frame.js';
import { navigate, useAppState, useController, useLoad } from './hooks.js';
import { Icon } from './icons.js';
import { usePageLogic } from './page-logic.js';
import { Missing, useWorkspace } from './WorkspaceHome.js';

const step = 30;

export function userScope(user: { id: string; attributes: Record<string, unknown> }) {
  const now = new Date();
  const today = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  return { user: { id: user.id, attributes: user.attributes as Record<string, string | number | boolean | null> }, today };
}

export function ListPage({ workspaceId, pageId, filter, title }: { workspaceId: string; pageId: string; filter?: Filter; title?: string }) {
  const app = useController();
  const state = useAppState();
  const workspace = useWorkspace(workspaceId);
  const page = workspace?.definition.pages.find((p) => p.id === pageId);
  const [search, setSearch] = useState('');
  const [visible, setVisible] = useState(step);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const logic = usePageLogic(workspaceId, pageId, undefined);
  const user = state.session!.user;
  const entity = page?.entity ? state.catalog?.entities[page.entity] : undefined;
  const combined = useMemo(() => ({ ...withoutRecordVariables(page?.filter), ...filter }), [page, filter]);
  const resolved = useMemo(() => resolveFilter(combined, userScope(user)), [combined, user]);
  const rows = useLoad(
    () => (page?.entity ? app.query(page.entity, { filter: resolved, ...(page.sort ? { sort: page.sort } : {}), search, searchFields: page.search ?? [] }) : Promise.resolve([])),
    [page, resolved, search, state.dataVersion],
  );
  const source = page?.entity ? { entity: page.entity, filter: combined, ...(page.sort ? { sort: page.sort } : {}), limit: 50 } : undefined;

  // Online: the environment's first page (or search hits), kept on the device.
  useEffect(() => {
    if (!source || !state.isOnline) return;
    const timer = setTimeout(
      () => {
        app
          .call((session, catalog) => fetchRecords({ store: app.store, session, catalog }, source, { search, searchFields: page?.search ?? [] }))
          .then(
            (answer) => setCursor(answer.nextCursor),
            () => undefined,
          );
      },
      search ? 300 : 0,
    );
    return () => clearTimeout(timer);
  }, [pageId, JSON.stringify(combined), search, state.isOnline]);

  const sentinel = useRef<HTMLDivElement>(null);
  const found = rows.value ?? [];
  const hasMoreLocal = found.length > visible;
  const canLoadMore = hasMoreLocal || (state.isOnline && typeof cursor === 'string');
  async function showMore() {
    if (!hasMoreLocal && source && typeof cursor === 'string') {
      const answer = await app.call((session, catalog) => fetchRecords({ store: app.store, session, catalog }, source, { cursor, search, searchFields: page?.search ?? [] })).catch(() => undefined);
      if (answer) setCursor(answer.nextCursor);
    }
    setVisible((v) => v + step);
  }
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !canLoadMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void showMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  });

  if (!workspace || !page || page.kind !== 'list') return <Missing what="This page does not exist in the workspace." back={href({ screen: 'workspace', workspaceId })} />;
  const fields = (page.fields ?? []).map((ref) => shownField(ref, entity)).filter((f) => logic?.fields[f.name]?.visible !== false);
  const actions = (page.actions ?? []).map((id) => workspace.definition.actions?.find((a) => a.id === id)).filter((a) => a && logic?.actions[a.id] !== false);
  return (
    <Frame title={title ?? page.title} back={href({ screen: 'workspace', workspaceId })}>
      {page.description && !title && <p class="lead">{page.description}</p>}
      {logic?.messages.map((m, i) => (
        <Message key={i} severity={m.severity}>
          {m.text}
        </Message>
      ))}
      {actions.length > 0 && (
        <div class="actions">
          {actions.map((action) => (
            <button key={action!.id} type="button" class="primary" onClick={() => navigate(href({ screen: 'action', workspaceId, actionId: action!.id, fromPage: pageId }))}>
              {action!.title}
            </button>
          ))}
        </div>
      )}
      {(page.search ?? []).length > 0 && (
        <div class="search">
          <Icon name="search" size={18} />
          <input
            type="search"
            aria-label="Search"
            placeholder={`Search ${(page.search ?? []).map((f) => shownField(f, entity).label.toLowerCase()).join(', ')}`}
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setVisible(step);
            }}
          />
        </div>
      )}
      {rows.value && found.length === 0 && (
        <p class="empty">{search ? `Nothing matches “${search}”.` : state.isOnline || state.lastSyncAt ? 'Nothing here yet.' : 'Nothing on this device yet: connect once to load this list.'}</p>
      )}
      <ul class="rows" aria-label={title ?? page.title}>
        {found.slice(0, visible).map((record) => (
          <Row key={String(record[entity?.key ?? 'id'])} record={record} page={page} fields={fields} workspaceId={workspaceId} keyField={entity?.key ?? 'id'} />
        ))}
      </ul>
      {canLoadMore && (
        <div ref={sentinel}>
          <button type="button" class="secondary wide" onClick={() => void showMore()}>
            Show more
          </button>
        </div>
      )}
    </Frame>
  );
}

function Row({ record, page, fields, workspaceId, keyField }: { record: ShownRecord; page: Page; fields: ReturnType<typeof shownField>[]; workspaceId: string; keyField: string }) {
  const [first, ...rest] = fields;
  const content = (
    <>
      <span class="primary-value">{first ? formatValue(record[first.name], first.format, record.currency) : shownKey(record[keyField])}</span>
      <span class="secondary-values">
        {rest.map((field) => (
          <span key={field.name} title={field.label}>
            {formatValue(record[field.name], field.format, record.currency)}
          </span>
        ))}
      </span>
      {record._pending && <span class="badge">{record._pending}</span>}
    </>
  );
  const key = String(record[keyField]);
  return (
    <li class={record._pending ? 'pending-row' : ''}>
      {page.open ? (
        <a class="row" href={href({ screen: 'record', workspaceId, pageId: page.open, key })}>
          {content}
          <Icon name="chevron" size={16} />
        </a>
      ) : (
        <div class="row">{content}</div>
      )}
    </li>
  );
}
