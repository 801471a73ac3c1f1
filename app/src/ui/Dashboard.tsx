// The dashboard: a tile per workspace published for the user's roles. A tile is a link named
// by the workspace title (SPEC §6); its description sits beside the link, not inside it.
import { ago } from '../format.js';
import { href } from '../router.js';
import { Frame, Message } from './Frame.js';
import { useAppState, useController } from './hooks.js';
import { Icon } from './icons.js';

export function Dashboard() {
  const app = useController();
  const state = useAppState();
  const user = state.session?.user;
  const workspaces = [...state.workspaces].sort((a, b) => a.title.localeCompare(b.title));
  return (
    <Frame title="Workspaces">
      <p class="lead">Hello, {user?.name ?? user?.id}.</p>
      {workspaces.length === 0 && (
        <Message severity="info">
          {state.isSyncing ? 'Loading your workspaces…' : `No workspace is published for your roles (${user?.roles.join(', ') || 'none'}) yet. Ask an administrator to publish one.`}
        </Message>
      )}
      <ul class="tiles">
        {workspaces.map((workspace) => (
          <li key={workspace.id} class="tile">
            <span class="tile-icon"><Icon name={workspace.icon ?? workspace.definition.icon ?? 'clipboard'} size={28} /></span>
            <div>
              <a class="stretched" href={href({ screen: 'workspace', workspaceId: workspace.id })}>{workspace.title}</a>
              {workspace.description && <p>{workspace.description}</p>}
            </div>
          </li>
        ))}
      </ul>
      <footer class="account">
        <span>Signed in as {user?.name} ({user?.id}). Last synced {ago(state.lastSyncAt)}.</span>
        <button type="button" class="link" onClick={() => {
          const pending = state.operations.length;
          if (pending === 0 || confirm(`${pending} changes have not been sent yet. They stay on this device and are sent when ${user?.id} signs in again. Sign out?`)) void app.signOut();
        }}>Sign out</button>
      </footer>
    </Frame>
  );
}
