// Sign in with an environment user. The name is remembered; a password never is.
import { useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../api.js';
import { Frame, Message } from './Frame.js';
import { navigate, useAppState, useController } from './hooks.js';

export function SignIn() {
  const app = useController();
  const state = useAppState();
  const [username, setUsername] = useState(state.session?.user.id ?? localStorage.getItem('mwkit.username') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      localStorage.setItem('mwkit.username', username.trim());
      await app.signIn(username.trim(), password);
      navigate(sessionStorage.getItem('mwkit.afterSignIn') ?? '#/', true);
      sessionStorage.removeItem('mwkit.afterSignIn');
    } catch (caught) {
      if (caught instanceof OfflineError) setError('The environment cannot be reached. Signing in needs a network connection once; after that the app works offline.');
      else if (caught instanceof ApiError && caught.status === 401) setError('The user name or password is not right.');
      else setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame title="Sign in">
      <form class="card form sign-in" onSubmit={submit}>
        <p class="lead">Sign in to see the workspaces published for you.</p>
        {state.operations.length > 0 && <Message severity="info">{state.operations.length} changes on this device will be sent after you sign in.</Message>}
        <div class="field">
          <label for="username">User name</label>
          <input id="username" name="username" autoComplete="username" autoCapitalize="none" spellcheck={false} required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        {error && <Message severity="error">{error}</Message>}
        <button type="submit" class="primary" disabled={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </Frame>
  );
}
