// The dashboard: a tile per workspace published for the user's roles. A tile is a link named
// by the workspace title (SPEC §6); its description sits beside the link, not inside it.
import { useState } from 'preact/hooks';
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
  const [isAsking, setIsAsking] = useState(false);
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
            <span class="tile-icon">
              <Icon name={workspace.icon ?? workspace.definition.icon ?? 'clipboard'} size={28} />
            </span>
            <div>
              <a class="stretched" href={href({ screen: 'workspace', workspaceId: workspace.id })}>
                {workspace.title}
              </a>
              {workspace.description && <p>{workspace.description}</p>}
            </div>
          </li>
        ))}
      </ul>
      <footer class="account">
        <span>
          Signed in as {user?.name} ({user?.id}). Last synced {ago(state.lastSyncAt)}.
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            if (state.operations.length === 0) void app.signOut();
            else setIsAsking(true);
          }}
        >
          Sign out
        </button>
      </footer>
      {isAsking && <SignOutChoice onDone={() => setIsAsking(false)} />}
    </Frame>
  );
}

/**
 * Sign-out with changes not sent yet: send them first, or keep them on this device for this
 * user's next sign-in (they are never sent as anyone else). Nothing is lost either way.
 */
function SignOutChoice({ onDone }: { onDone: () => void }) {
  const app = useController();
  const state = useAppState();
  const [isSending, setIsSending] = useState(false);
  const userId = state.session?.user.id ?? '';
  const pending = state.operations.length;
  const changes = `${pending} ${pending === 1 ? 'change has' : 'changes have'}`;
  return (
    <div class="card sign-out" role="dialog" aria-modal="true" aria-labelledby="sign-out-title">
      <h2 id="sign-out-title">Sign out?</h2>
      <p>
        {changes} not been sent yet. Send them first, or keep them on this device: they are sent when {userId} signs in here again, never as anyone else.
      </p>
      <button
        type="button"
        class="primary"
        disabled={isSending}
        onClick={async () => {
          setIsSending(true);
          const left = await app.syncAndSignOut();
          setIsSending(false);
          if (left === 0) onDone();
          else app.notify(`${left} ${left === 1 ? 'change' : 'changes'} could not be sent (no connection?). Try again, or keep them for ${userId}.`, 'warning');
        }}
      >
        {isSending ? 'Sending…' : 'Send and sign out'}
      </button>
      <button
        type="button"
        onClick={() => {
          onDone();
          void app.signOut();
        }}
      >
        Keep them for {userId} and sign out
      </button>
      <button type="button" class="link" onClick={onDone}>
        Cancel
      </button>
    </div>
  );
}
