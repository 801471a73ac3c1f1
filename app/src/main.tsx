// The app's entry: open the device's store, render, and register the service worker that keeps
// the shell for offline starts. The Worker's and the logic engine's URLs come from index.html (they are content-hashed).
import { render } from 'preact';
import { AppController } from './controller.js';
import { startPreview } from './preview/index.js';
import { App } from './ui/App.js';
import { AppContext } from './ui/hooks.js';

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const urls = { worker: root.dataset.worker ?? 'logic-worker.js', engine: root.dataset.engine ?? 'quickjs.wasm' };
  let app: AppController;
  try {
    app = await AppController.start(urls);
  } catch (error) {
    root.textContent = `The app cannot keep data on this device: ${error instanceof Error ? error.message : String(error)}. Private browsing can cause this.`;
    return;
  }
  root.textContent = '';
  render(
    <AppContext.Provider value={app}>
      <App />
    </AppContext.Provider>,
    root,
  );
  void navigator.storage?.persist?.().catch(() => undefined);
  // Under `mwkit preview` only (it answers /api/v1/preview/session): the live overlay and user switcher.
  void startPreview(app).catch(() => undefined);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => undefined);
  }
}

void main();
