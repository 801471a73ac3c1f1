// The app's side of `mwkit preview`. The entry starts it after the controller; outside a preview
// (no /api/v1/preview/session) it does nothing. It signs in as the user the printed URL names
// (?as=), listens to the preview's live channel, shows problems in the overlay, and on every new
// applied version reloads the definitions in place: the route, the drafts and the outbox stay.
import type { PreviewSession, PreviewStatus } from '../../../src/preview/protocol.js';
import { previewEventsPath, previewSessionPath, previewUserParameter } from '../../../src/preview/protocol.js';
import type { AppController } from '../controller.js';
import { navigate } from '../ui/hooks.js';
import { PreviewOverlay } from './overlay.js';

export async function startPreview(app: AppController): Promise<void> {
  const session = await previewSession();
  if (!session) return;
  const requested = new URLSearchParams(location.search).get(previewUserParameter);
  if (requested !== null) history.replaceState(history.state, '', `${location.pathname}${location.hash}`);
  const overlay = new PreviewOverlay(session, app.state.session?.user.id, (user) => void switchUser(app, user, session.password, overlay));
  const wanted = requested ?? (app.state.session ? undefined : session.user);
  if (wanted && wanted !== app.state.session?.user.id) await switchUser(app, wanted, session.password, overlay).catch(() => undefined);
  listen(app, overlay);
}

async function previewSession(): Promise<PreviewSession | undefined> {
  try {
    const response = await fetch(previewSessionPath, { cache: 'no-store' });
    return response.status === 200 ? ((await response.json()) as PreviewSession) : undefined; // 204: a deployed environment
  } catch {
    return undefined; // offline, or not a preview
  }
}

async function switchUser(app: AppController, user: string, password: string, overlay: PreviewOverlay): Promise<void> {
  await app.signIn(user, password);
  overlay.setUser(user);
  // Signing in from the sign-in screen goes where the user was headed, as the screen itself does.
  const after = sessionStorage.getItem('mwkit.afterSignIn');
  sessionStorage.removeItem('mwkit.afterSignIn');
  if (location.hash.startsWith('#/sign-in')) navigate(after ?? '#/', true);
}

function listen(app: AppController, overlay: PreviewOverlay): void {
  let appliedVersion: string | undefined;
  const events = new EventSource(previewEventsPath);
  events.addEventListener('status', (event) => {
    const status = JSON.parse((event as MessageEvent<string>).data) as PreviewStatus;
    overlay.show(status);
    const version = status.applied?.version;
    if (version && version !== appliedVersion) {
      // The first status too: definitions kept on the device may predate this preview.
      appliedVersion = version;
      if (app.state.session) void app.sync({ refresh: true });
    }
  });
  events.addEventListener('error', () => overlay.disconnected());
}
