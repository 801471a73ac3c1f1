// The changes on this device not yet in the environment: conflicts (both versions side by side:
// keep mine, or take the environment's), rejections (the environment's message: fix, retry or
// discard), and what waits to be sent. Nothing leaves this list without the user's say.
import { useState } from 'preact/hooks';
import type { DataRecord, Value } from '../../../src/logic/api.js';
import { ago, formatValue, humanize } from '../format.js';
import { href } from '../router.js';
import type { LocalOperation } from '../types.js';
import { ask, ConfirmDialog, type ConfirmProps } from './ConfirmDialog.js';
import { Frame, Message } from './Frame.js';
import { useAppState, useController } from './hooks.js';

function show(value: Value | undefined): string {
  return formatValue(value, typeof value === 'boolean' ? 'boolean' : 'text');
}

function Versions({ operation }: { operation: LocalOperation }) {
  const server = operation.server?.record;
  const fields = Object.keys(operation.values).length > 0 ? Object.keys(operation.values) : Object.keys(server ?? operation.before ?? {}).filter((f) => !f.startsWith('_'));
  const mine: DataRecord = { ...operation.before, ...operation.values };
  return (
    <table class="versions">
      <caption class="visually-hidden">Your version and the environment's version</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Yours</th>
          <th scope="col">In the environment</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => {
          const theirs = server ? server[field] : undefined;
          const differs = (mine[field] ?? null) !== (theirs ?? null);
          return (
            <tr key={field} class={differs ? 'differs' : ''}>
              <th scope="row">{humanize(field)}</th>
              <td>{show(mine[field])}</td>
              <td>{server ? show(theirs) : 'deleted'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Item({ operation, onAsk }: { operation: LocalOperation; onAsk: (props: Omit<ConfirmProps, 'onAnswer'>) => Promise<boolean> }) {
  const app = useController();
  const seq = operation.seq!;
  const workspace = app.state.workspaces.find((w) => w.id === operation.workspaceId);
  const action = workspace?.definition.actions?.find((a) => a.id === operation.actionId);
  const canFix = (action?.fields ?? []).length > 0;
  const title = operation.title.replace(/local:\S+/, 'new record');
  const discard = async () => {
    if (await onAsk({ title: 'Discard this change?', text: `“${title}” will not be sent. What you entered for it is lost.`, confirmLabel: 'Discard' })) await app.discard(seq);
  };
  return (
    <li class={`change card ${operation.status}`} aria-label={title}>
      <div class="change-head">
        <strong>{title}</strong>
        <span class={`badge ${operation.status}`}>{operation.status === 'pending' ? 'Waiting' : operation.status === 'conflict' ? 'Conflict' : 'Refused'}</span>
      </div>
      <p class="hint">
        {workspace?.title ?? operation.workspaceId} · made {ago(operation.madeAt)}
      </p>
      {operation.status === 'conflict' && (
        <>
          <Message severity="warning">{operation.server?.message ?? 'Someone else changed this record.'}</Message>
          <Versions operation={operation} />
          <div class="actions">
            {operation.server?.record !== null && (
              <button type="button" class="primary" onClick={() => void app.keepMine(seq)}>
                Keep mine
              </button>
            )}
            <button type="button" class="secondary" onClick={() => void app.discard(seq)}>
              Take the server's
            </button>
          </div>
        </>
      )}
      {operation.status === 'rejected' && (
        <>
          <Message severity="error">{operation.problem?.detail ?? operation.problem?.title ?? 'The environment refused this change.'}</Message>
          <div class="actions">
            {canFix && (
              <a class="button primary" href={href({ screen: 'action', workspaceId: operation.workspaceId, actionId: operation.actionId, fix: String(seq) })}>
                Fix
              </a>
            )}
            <button type="button" class="secondary" onClick={() => void app.resend(seq)}>
              Retry
            </button>
            <button type="button" class="danger" onClick={() => void discard()}>
              Discard
            </button>
          </div>
        </>
      )}
      {operation.status === 'pending' && (
        <div class="actions">
          <button type="button" class="link" onClick={() => void discard()}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}

export function Changes() {
  const app = useController();
  const state = useAppState();
  const [dialog, setDialog] = useState<ConfirmProps>();
  const onAsk = (props: Omit<ConfirmProps, 'onAnswer'>) => ask(setDialog, props);
  const attention = state.operations.filter((o) => o.status !== 'pending');
  const waiting = state.operations.filter((o) => o.status === 'pending');
  return (
    <Frame title="Changes" back="#/">
      <p class="lead">
        {state.operations.length === 0
          ? 'Everything you changed is in the environment.'
          : `${state.operations.length} ${state.operations.length === 1 ? 'change is' : 'changes are'} on this device only.`}{' '}
        Last synced {ago(state.lastSyncAt)}.
      </p>
      <button type="button" class="secondary" disabled={state.isSyncing || !state.isOnline} onClick={() => void app.sync({ manual: true })}>
        {state.isSyncing ? 'Syncing…' : state.isOnline ? 'Send changes now' : 'Offline: changes are sent when you are back online'}
      </button>
      {state.syncError && <Message severity="error">Last sync failed: {state.syncError}</Message>}
      {attention.length > 0 && (
        <section>
          <h2>Needs your attention</h2>
          <ul class="changes">
            {attention.map((o) => (
              <Item key={o.seq} operation={o} onAsk={onAsk} />
            ))}
          </ul>
        </section>
      )}
      {waiting.length > 0 && (
        <section>
          <h2>Waiting to be sent</h2>
          <ul class="changes">
            {waiting.map((o) => (
              <Item key={o.seq} operation={o} onAsk={onAsk} />
            ))}
          </ul>
        </section>
      )}
      {dialog && <ConfirmDialog {...dialog} />}
    </Frame>
  );
}
