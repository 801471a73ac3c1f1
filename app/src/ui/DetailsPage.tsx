// A details page: one record in sections, related lists (links to list pages with the filter
// resolved against this record), and the page's actions as buttons named by their titles.
import { useEffect, useState } from 'preact/hooks';
import { resolveFilter } from '../../../src/logic/query.js';
import { isLocalKey } from '../../../src/contract/local-keys.js';
import { getRecord } from '../client.js';
import { formatValue, shownField, shownKey } from '../format.js';
import { href } from '../router.js';
import { Frame, Message } from './Frame.js';
import { navigate, useAppState, useController, useLoad } from './hooks.js';
import { Icon } from './icons.js';
import { userScope } from './ListPage.js';
import { usePageLogic } from './page-logic.js';
import { Missing, useWorkspace } from './WorkspaceHome.js';

export function DetailsPage({ workspaceId, pageId, recordKey }: { workspaceId: string; pageId: string; recordKey: string }) {
  const app = useController();
  const state = useAppState();
  const workspace = useWorkspace(workspaceId);
  const page = workspace?.definition.pages.find((p) => p.id === pageId);
  const entityName = page?.entity ?? '';
  const entity = state.catalog?.entities[entityName];
  const [isFetching, setFetching] = useState(false);
  const loaded = useLoad(async () => (page?.entity ? (await app.shown(page.entity)).get(recordKey) : undefined), [page, recordKey, state.dataVersion]);
  const record = loaded.value;

  // A record created here got its real key when it synced: follow it.
  useEffect(() => {
    if (!isLocalKey(recordKey) || record || loaded.isLoading) return;
    app.store.getMeta<Record<string, string>>('localKeys').then(
      (keys) => {
        const real = keys?.[recordKey];
        if (real) navigate(href({ screen: 'record', workspaceId, pageId, key: real }), true);
      },
      () => undefined,
    );
  }, [recordKey, record, loaded.isLoading]);

  // Online, the record is fetched afresh (it may not be on the device at all: a deep link, or
  // beyond the offline window); offline, the device's copy is shown.
  useEffect(() => {
    if (!state.isOnline || isLocalKey(recordKey) || !page?.entity) return;
    setFetching(true);
    app
      .call((session) => getRecord(session.token, entityName, recordKey))
      .then(
        (fetched) => app.store.putRecords(entityName, app.keyField(entityName), [fetched]),
        () => undefined,
      )
      .finally(() => setFetching(false));
  }, [recordKey, state.isOnline]);

  // References show the record they point at ("Apollo rollout (P-00009)") when the device has it.
  const references = useLoad(async () => {
    const shown: Record<string, string> = {};
    if (!record || !entity) return shown;
    for (const [name, field] of Object.entries(entity.fields)) {
      const target = field.type === 'reference' && field.entity ? state.catalog?.entities[field.entity] : undefined;
      const value = record[name];
      if (!target?.display || typeof value !== 'string') continue;
      const referenced = (await app.shown(field.entity!)).get(value);
      if (referenced?.[target.display]) shown[name] = `${String(referenced[target.display])} (${value})`;
    }
    return shown;
  }, [record, state.dataVersion]);

  const logic = usePageLogic(workspaceId, pageId, record, record ? `${recordKey}@${String(record._version)}:${record._pending ?? ''}` : undefined);

  if (!workspace || !page || page.kind !== 'details') return <Missing what="This page does not exist in the workspace." back={href({ screen: 'workspace', workspaceId })} />;
  const back = href({ screen: 'workspace', workspaceId });
  if (!record) {
    return (
      <Frame title={page.title} back={back}>
        {loaded.isLoading || isFetching ? (
          <p class="empty">Loading…</p>
        ) : (
          <Message severity="warning">
            {state.isOnline
              ? `There is no ${entity?.title ?? entityName} ${recordKey} that you may see.`
              : `${entity?.title ?? entityName} ${recordKey} is not on this device. It shows once you are online.`}
          </Message>
        )}
      </Frame>
    );
  }
  const values = logic ? { ...record, ...logic.values } : record;
  const display = entity?.display ? record[entity.display] : undefined;
  const actions = (page.actions ?? []).map((id) => workspace.definition.actions?.find((a) => a.id === id)).filter((a) => a && logic?.actions[a.id] !== false);
  const scope = { ...userScope(state.session!.user), record };
  return (
    <Frame title={page.title} back={back}>
      <p class="lead record-title">
        <strong>{shownKey(record[entity?.key ?? 'id'])}</strong>
        {display && display !== record[entity?.key ?? 'id'] ? ` · ${String(display)}` : ''}
        {record._pending && <span class="badge">{record._pending}</span>}
      </p>
      {logic?.messages.map((m, i) => (
        <Message key={i} severity={m.severity}>
          {m.text}
        </Message>
      ))}
      {actions.length > 0 && (
        <div class="actions">
          {actions.map((action) => (
            <button
              key={action!.id}
              type="button"
              class={action!.kind === 'delete' ? 'danger' : 'primary'}
              onClick={() => navigate(href({ screen: 'action', workspaceId, actionId: action!.id, fromPage: pageId, key: recordKey }))}
            >
              {action!.title}
            </button>
          ))}
        </div>
      )}
      {(page.sections ?? []).map((section) => (
        <section key={section.title} class="card">
          <h2>{section.title}</h2>
          <dl>
            {section.fields
              .map((ref) => shownField(ref, entity))
              .filter((f) => logic?.fields[f.name]?.visible !== false)
              .map((field) => (
                <div key={field.name} class="pair">
                  <dt>{logic?.fields[field.name]?.label ?? field.label}</dt>
                  <dd class={field.format === 'multiline' ? 'multiline' : ''}>{references.value?.[field.name] ?? formatValue(values[field.name], field.format, values.currency)}</dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
      {(page.related ?? []).length > 0 && (
        <ul class="links">
          {(page.related ?? []).map((related) => {
            let filter;
            try {
              filter = resolveFilter(related.filter ?? {}, scope);
            } catch {
              filter = {};
            }
            return (
              <li key={related.title}>
                <a class="stretched" href={href({ screen: 'page', workspaceId, pageId: related.page, filter, title: related.title })}>
                  {related.title}
                </a>
                <Icon name="chevron" />
              </li>
            );
          })}
        </ul>
      )}
    </Frame>
  );
}
