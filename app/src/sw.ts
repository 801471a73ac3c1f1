// The service worker: keeps the app shell (HTML, scripts, styles, icons) of this build, so the
// app starts without a network. API requests are never cached here: the app keeps its data in
// IndexedDB and knows what is synced. A new build has a new cache; old ones are removed.
declare const __SHELL__: string[];
declare const __VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface InstallEvent extends ExtendableEvent {
  /** Static routing (Chromium 123+): matching requests never wake the worker. */
  addRoutes?(rules: Array<{ condition: { urlPattern: string }; source: 'network' }>): Promise<void>;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const cacheName = `mwkit-shell-${__VERSION__}`;
const scopeUrl = new URL(worker.registration.scope);

worker.addEventListener('install', (event) => {
  // The API goes straight to the network: the app decides what works offline, not this worker.
  const install = event as InstallEvent;
  if (install.addRoutes) install.waitUntil(install.addRoutes([{ condition: { urlPattern: '/api/*' }, source: 'network' }]).catch(() => undefined));
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(__SHELL__.map((file) => new URL(file, scopeUrl).href)))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('mwkit-shell-') && key !== cacheName).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  );
});

async function fromCache(request: Request, isNavigation: boolean): Promise<Response> {
  const cache = await caches.open(cacheName);
  // Every screen is the same page (hash routes): a navigation anywhere in the scope is index.html.
  const cached = await cache.match(isNavigation ? scopeUrl.href : request, { ignoreSearch: isNavigation });
  if (cached) return cached;
  return fetch(request);
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scopeUrl.origin || !url.pathname.startsWith(scopeUrl.pathname)) return;
  event.respondWith(fromCache(request, request.mode === 'navigate'));
});
