// A summary page: each figure computed from the device's data (pending changes included), so it
// works offline and moves as soon as the user changes something.
import { resolveFilter } from '../../../src/logic/query.js';
import type { Figure } from '../../../src/model/types.js';
import { formatValue } from '../format.js';
import { aggregate } from '../overlay.js';
import { href } from '../router.js';
import { Frame, Message } from './Frame.js';
import { navigate, useAppState, useController, useLoad } from './hooks.js';
import { userScope } from './ListPage.js';
import { usePageLogic } from './page-logic.js';
import { Missing, useWorkspace } from './WorkspaceHome.js';

export function SummaryPage({ workspaceId, pageId }: { workspaceId: string; pageId: string }) {
  const app = useController();
  const state = useAppState();
  const workspace = useWorkspace(workspaceId);
  const page = workspace?.definition.pages.find((p) => p.id === pageId);
  const logic = usePageLogic(workspaceId, pageId, undefined);
  const figures = useLoad(async () => {
    const scope = userScope(state.session!.user);
    return Promise.all(
      (page?.figures ?? []).map(async (figure: Figure) => {
        const records = await app.query(figure.entity, { filter: resolveFilter(figure.filter ?? {}, scope) });
        return aggregate(records, figure.aggregate, figure.field);
      }),
    );
  }, [page, state.dataVersion]);
  if (!workspace || !page || page.kind !== 'summary') return <Missing what="This page does not exist in the workspace." back={href({ screen: 'workspace', workspaceId })} />;
  const actions = (page.actions ?? []).map((id) => workspace.definition.actions?.find((a) => a.id === id)).filter((a) => a && logic?.actions[a.id] !== false);
  return (
    <Frame title={page.title} back={href({ screen: 'workspace', workspaceId })}>
      {page.description && <p class="lead">{page.description}</p>}
      {logic?.messages.map((m, i) => (
        <Message key={i} severity={m.severity}>
          {m.text}
        </Message>
      ))}
      <dl class="figures">
        {(page.figures ?? []).map((figure, index) => {
          const format = figure.format ?? 'number';
          return (
            <div key={figure.label} class="figure">
              <dt>{figure.label}</dt>
              <dd>{figures.value ? formatValue(figures.value[index], format === 'currency' ? 'currency' : format) : '…'}</dd>
            </div>
          );
        })}
      </dl>
      {actions.length > 0 && (
        <div class="actions">
          {actions.map((action) => (
            <button key={action!.id} type="button" class="primary" onClick={() => navigate(href({ screen: 'action', workspaceId, actionId: action!.id, fromPage: pageId }))}>
              {action!.title}
            </button>
          ))}
        </div>
      )}
      <p class="hint">Figures are computed from the data on this device{state.lastSyncAt ? '' : ' (none yet)'}.</p>
    </Frame>
  );
}
