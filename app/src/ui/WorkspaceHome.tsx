// A workspace: its list and summary pages, each a link named by the page title (details pages
// are reached from a list). onWorkspaceOpened runs once per visit and may add messages.
import { useEffect, useState } from 'preact/hooks';
import type { ShownMessage } from '../logic-protocol.js';
import { href } from '../router.js';
import type { PublishedWorkspace } from '../types.js';
import { Frame, Message } from './Frame.js';
import { useAppState, useController } from './hooks.js';
import { Icon } from './icons.js';

export function useWorkspace(workspaceId: string): PublishedWorkspace | undefined {
  return useAppState().workspaces.find((w) => w.id === workspaceId);
}

export function WorkspaceHome({ workspaceId }: { workspaceId: string }) {
  const app = useController();
  const workspace = useWorkspace(workspaceId);
  const [messages, setMessages] = useState<ShownMessage[]>([]);
  useEffect(() => {
    const host = app.logic(workspaceId);
    if (!host) return;
    let isCurrent = true;
    host
      .load()
      .then(async (loaded) => {
        // A script that does not load leaves the workspace working without it; the user hears why.
        const problems: ShownMessage[] = loaded.problems.map((p) => ({ severity: 'warning', text: `The workspace's business logic did not load: ${p.message}${p.at ? ` (${p.at})` : ''}` }));
        const opened = host.has('onWorkspaceOpened') ? await host.openWorkspace(app.state.isOnline) : undefined;
        if (isCurrent) setMessages([...problems, ...(opened?.messages ?? [])]);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [workspaceId, app]);
  if (!workspace) return <Missing what="This workspace is not published for you." />;
  const pages = workspace.definition.pages.filter((page) => page.kind !== 'details');
  return (
    <Frame title={workspace.title} back="#/">
      {workspace.description && <p class="lead">{workspace.description}</p>}
      {messages.map((m, i) => (
        <Message key={i} severity={m.severity}>
          {m.text}
        </Message>
      ))}
      <ul class="links">
        {pages.map((page) => (
          <li key={page.id}>
            <div>
              <a class="stretched" href={href({ screen: 'page', workspaceId, pageId: page.id })}>
                {page.title}
              </a>
              {page.description && <p>{page.description}</p>}
            </div>
            <Icon name="chevron" />
          </li>
        ))}
      </ul>
    </Frame>
  );
}

export function Missing({ what, back = '#/' }: { what: string; back?: string }) {
  return (
    <Frame title="Not found" back={back}>
      <Message severity="warning">{what}</Message>
      <p>
        <a href="#/">Go to your workspaces</a>
      </p>
    </Frame>
  );
}
