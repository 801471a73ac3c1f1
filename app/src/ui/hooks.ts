// Hooks the screens share: the app's state, the current route, and async loads that re-run
// when the local data changes.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { AppController, AppState } from '../controller.js';
import { parseRoute, type Route } from '../router.js';

export const AppContext = createContext<AppController | undefined>(undefined);

export function useController(): AppController {
  const app = useContext(AppContext);
  if (!app) throw new Error('useController outside <AppContext.Provider>');
  return app;
}

export function useAppState(): AppState {
  const app = useController();
  const [state, setState] = useState(app.state);
  useEffect(() => {
    setState(app.state);
    return app.subscribe(() => setState(app.state));
  }, [app]);
  return state;
}

/** Navigations inside the app since it loaded: "Back" goes back in history when there is one. */
let inAppNavigations = 0;
if (typeof window !== 'undefined')
  window.addEventListener('hashchange', () => {
    inAppNavigations++;
  });

export function canGoBack(): boolean {
  return inAppNavigations > 0;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export interface Loaded<T> {
  value?: T;
  error?: unknown;
  isLoading: boolean;
}

/** Runs `load` when `deps` change (and the local data does), keeping the last value while it runs. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ isLoading: true });
  useEffect(() => {
    let isCurrent = true;
    setLoaded((previous) => ({ ...previous, isLoading: true }));
    load().then(
      (value) => {
        if (isCurrent) setLoaded({ value, isLoading: false });
      },
      (error: unknown) => {
        if (isCurrent) setLoaded({ error, isLoading: false });
      },
    );
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return loaded;
}

export function navigate(hash: string, replace = false): void {
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}
