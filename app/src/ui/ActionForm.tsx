// An action's form: fields from the action (inputs typed from the catalog, enum pickers,
// lookups, required marks), the logic's messages, warnings to accept, the `confirm` prompt;
// on submit the change is queued (disk first), the local data shows it at once, sync sends it.
import { newId } from '../ids.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DataRecord } from '../../../src/logic/api.js';
import type { ActionField } from '../../../src/model/types.js';
import { shownKey } from '../format.js';
import { buildOperation, stripMarkers } from '../operations.js';
import { href } from '../router.js';
import { ask, ConfirmDialog, type ConfirmProps } from './ConfirmDialog.js';
import { FieldInput } from './FieldInput.js';
import { FormSession } from './form-session.js';
import { Frame, Message } from './Frame.js';
import { canGoBack, navigate, useAppState, useController, useLoad } from './hooks.js';
import { Missing, useWorkspace } from './WorkspaceHome.js';

export interface ActionFormProps {
  workspaceId: string;
  actionId: string;
  fromPage?: string;
  recordKey?: string;
  /** The outbox seq of a rejected change being fixed. */
  fix?: string;
}

export function ActionForm(props: ActionFormProps) {
  const { workspaceId, actionId, fromPage, recordKey, fix } = props;
  const app = useController();
  const state = useAppState();
  const workspace = useWorkspace(workspaceId);
  const action = workspace?.definition.actions?.find((a) => a.id === actionId);
  const page = fromPage ? workspace?.definition.pages.find((p) => p.id === fromPage) : undefined;
  const recordEntity = page?.entity ?? action?.entity ?? '';
  const fixing = fix ? state.operations.find((o) => String(o.seq) === fix) : undefined;
  const key = recordKey ?? (fixing?.kind !== 'create' ? fixing?.key : undefined);
  const record = useLoad(async () => (key ? (await app.shown(recordEntity)).get(key) : undefined), [recordEntity, key]);
  const [, setTick] = useState(0);
  const [dialog, setDialog] = useState<ConfirmProps>();
  const [isBusy, setBusy] = useState(false);
  const session = useRef<FormSession>();
  const draftId = `${workspaceId}/${actionId}/${key ?? ''}/${fix ?? ''}`;

  useEffect(() => {
    if (!action || record.isLoading) return;
    const host = app.logic(workspaceId);
    if (!host) return;
    let isCurrent = true;
    // Started again in place (the workspace was updated): the "Updated" notice says it, not "Restored".
    const isRestart = session.current?.draftId === draftId;
    void (async () => {
      const draft = await app.store.getDraft(draftId);
      const values = draft?.values ?? (fixing ? (fixing.values as DataRecord) : undefined);
      const form = new FormSession(
        app,
        host,
        draftId,
        {
          actionId,
          ...(fromPage ? { pageId: fromPage } : {}),
          ...(record.value ? { record: stripMarkers(record.value) } : {}),
          ...(values ? { values } : {}),
        },
        () => {
          if (isCurrent) setTick((t) => t + 1);
        },
      );
      session.current = form;
      await form.open();
      if (draft && !isRestart) app.notify('Restored what you had typed.', 'info');
    })();
    return () => {
      isCurrent = false;
      void session.current?.close(true);
    };
  }, [action, record.isLoading, draftId]);

  if (!workspace || !action) return <Missing what="This action does not exist in the workspace." back={href({ screen: 'workspace', workspaceId })} />;
  const back =
    fromPage && key
      ? href({ screen: 'record', workspaceId, pageId: fromPage, key })
      : fromPage
        ? href({ screen: 'page', workspaceId, pageId: fromPage })
        : fix
          ? '#/changes'
          : href({ screen: 'workspace', workspaceId });
  if (key && !record.isLoading && !record.value && action.kind !== 'create') {
    return (
      <Frame title={action.title} back={back}>
        <Message severity="warning">The record {key} is not on this device.</Message>
      </Frame>
    );
  }
  const form = session.current;
  const snapshot = form?.snapshot;
  const values = form?.values() ?? {};
  const entity = state.catalog?.entities[action.entity];
  const described = (name: string) => (action.kind === 'operation' ? entity?.operations?.[action.operation ?? '']?.parameters?.[name] : entity?.fields[name]);
  const specs: ActionField[] = (action.fields ?? []).map((ref) => (typeof ref === 'string' ? { field: ref } : ref));

  function leave() {
    if (canGoBack()) history.back();
    else navigate(back, true);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!form || isBusy) return;
    setBusy(true);
    try {
      const checked = await form.validate();
      if (!checked?.isValid) {
        document.querySelector<HTMLElement>('.field.invalid input, .field.invalid select, .field.invalid textarea, .message.error')?.focus();
        return;
      }
      const warnings = checked.messages.filter((m) => m.severity === 'warning');
      if (warnings.length > 0 && !(await ask(setDialog, { title: 'Please check', text: warnings.map((w) => w.text).join('\n'), confirmLabel: 'Continue' }))) return;
      // Without fields, the form itself is the question (it shows the confirm text).
      if (action!.confirm && specs.length > 0 && !(await ask(setDialog, { title: action!.title, text: action!.confirm }))) return;
      const queued = await form.queue();
      if (!queued?.isQueued) return;
      await save(queued.values);
    } finally {
      setBusy(false);
    }
  }

  async function save(finalValues: DataRecord) {
    const operation = buildOperation({
      action: action!,
      workspaceId,
      userId: state.session!.user.id,
      catalog: state.catalog!,
      values: finalValues,
      ...(action!.kind !== 'create' && record.value ? { record: record.value } : {}),
      id: newId(),
      now: new Date(),
    });
    if (fixing?.seq !== undefined) await app.resend(fixing.seq, operation.values);
    else await app.enqueue(operation);
    await form!.close(false);
    app.notify(state.isOnline ? `${action!.title}: saved.` : `${action!.title}: saved on this device; it is sent when you are back online.`);
    if (action!.kind === 'delete') {
      const list = workspace!.definition.pages.find((p) => p.kind === 'list' && p.open === fromPage);
      navigate(list ? href({ screen: 'page', workspaceId, pageId: list.id }) : href({ screen: 'workspace', workspaceId }), true);
    } else {
      leave();
    }
  }

  async function cancel() {
    await form?.close(false);
    leave();
  }

  const title = fix ? `Fix: ${action.title}` : action.title;
  return (
    <Frame title={title} back={back}>
      {key && (
        <p class="lead record-title">
          <strong>{shownKey(key)}</strong>
          {record.value && entity?.display && action.entity === recordEntity ? ` · ${String(record.value[entity.display] ?? '')}` : ''}
        </p>
      )}
      {fixing?.problem && <Message severity="error">The environment refused this change: {fixing.problem.detail}</Message>}
      {form?.failure && <Message severity="error">The form could not open: {form.failure}</Message>}
      {!snapshot && !form?.failure && <p class="empty">Opening…</p>}
      {snapshot && (
        <form class="card form" onSubmit={submit} noValidate>
          {snapshot.problems.map((p, i) => (
            <Message key={`p${i}`} severity="warning">
              The workspace's business logic failed: {p.message}
              {p.at ? ` (${p.at})` : ''}
            </Message>
          ))}
          {snapshot.messages.map((m, i) => (
            <Message key={`m${i}`} severity={m.severity}>
              {m.text}
            </Message>
          ))}
          {specs
            .filter((spec) => snapshot.fields[spec.field]?.visible !== false)
            .map((spec) => (
              <FieldInput
                key={spec.field}
                name={spec.field}
                spec={spec}
                state={snapshot.fields[spec.field]!}
                described={described(spec.field)}
                value={values[spec.field]}
                {...(record.value ? { record: record.value } : {})}
                onInput={(value) => form!.input(spec.field, value)}
                onCommit={(value) => void form!.commit(spec.field, value)}
              />
            ))}
          {specs.length === 0 && <p class="question">{action.confirm ?? (action.kind === 'delete' ? `Delete ${key}?` : `${action.title}: ${key ?? ''}?`)}</p>}
          <div class="form-buttons">
            <button type="button" class="secondary" onClick={() => void cancel()}>
              Cancel
            </button>
            <button type="submit" class={action.kind === 'delete' ? 'danger' : 'primary'} disabled={isBusy}>
              {action.title}
            </button>
          </div>
        </form>
      )}
      {dialog && <ConfirmDialog {...dialog} />}
    </Frame>
  );
}
