// Every screen has a URL (hash routing, so the environment serves one index.html and deep
// links work offline from the service worker's cache). Pure: parse and build, nothing else.
import type { Filter } from '../../src/model/types.js';

export type Route =
  | { screen: 'sign-in' }
  | { screen: 'dashboard' }
  | { screen: 'changes' }
  | { screen: 'workspace'; workspaceId: string }
  /** A list or summary page; `filter` narrows a list opened from a related list. */
  | { screen: 'page'; workspaceId: string; pageId: string; filter?: Filter; title?: string }
  | { screen: 'record'; workspaceId: string; pageId: string; key: string }
  /** An action's form, started from a page (and its record), or fixing a rejected change. */
  | { screen: 'action'; workspaceId: string; actionId: string; fromPage?: string; key?: string; fix?: string }
  | { screen: 'not-found'; path: string };

function parseFilter(text: string | null): Filter | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Filter) : undefined;
  } catch {
    return undefined;
  }
}

function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [path = '', queryText = ''] = text.split('?');
  const query = new URLSearchParams(queryText);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { screen: 'dashboard' };
  if (parts.length === 1 && parts[0] === 'sign-in') return { screen: 'sign-in' };
  if (parts.length === 1 && parts[0] === 'changes') return { screen: 'changes' };
  if (parts[0] === 'w' && parts[1]) {
    const workspaceId = parts[1];
    if (parts.length === 2) return { screen: 'workspace', workspaceId };
    if (parts[2] === 'p' && parts[3] && parts.length === 4) {
      const filter = parseFilter(query.get('filter'));
      return { screen: 'page', workspaceId, pageId: parts[3], ...(filter ? { filter } : {}), ...optional('title', query.get('title')) };
    }
    if (parts[2] === 'p' && parts[3] && parts[4] && parts.length === 5) return { screen: 'record', workspaceId, pageId: parts[3], key: parts[4] };
    if (parts[2] === 'a' && parts[3] && parts.length === 4) {
      return { screen: 'action', workspaceId, actionId: parts[3], ...optional('fromPage', query.get('from')), ...optional('key', query.get('key')), ...optional('fix', query.get('fix')) };
    }
  }
  return { screen: 'not-found', path };
}

const enc = encodeURIComponent;

export function href(route: Route): string {
  switch (route.screen) {
    case 'sign-in':
      return '#/sign-in';
    case 'dashboard':
      return '#/';
    case 'changes':
      return '#/changes';
    case 'workspace':
      return `#/w/${enc(route.workspaceId)}`;
    case 'page': {
      const query = new URLSearchParams();
      if (route.filter) query.set('filter', JSON.stringify(route.filter));
      if (route.title) query.set('title', route.title);
      const text = query.toString();
      return `#/w/${enc(route.workspaceId)}/p/${enc(route.pageId)}${text ? `?${text}` : ''}`;
    }
    case 'record':
      return `#/w/${enc(route.workspaceId)}/p/${enc(route.pageId)}/${enc(route.key)}`;
    case 'action': {
      const query = new URLSearchParams();
      if (route.fromPage) query.set('from', route.fromPage);
      if (route.key) query.set('key', route.key);
      if (route.fix) query.set('fix', route.fix);
      const text = query.toString();
      return `#/w/${enc(route.workspaceId)}/a/${enc(route.actionId)}${text ? `?${text}` : ''}`;
    }
    case 'not-found':
      return `#${route.path}`;
  }
}
