// Every screen's frame: a header (back, title, the pending-changes count and a sync button),
// the banners that must always be visible (offline, session ended, changes needing attention),
// the screen itself, and the notices. The count's accessible name is "Pending changes" (SPEC §6).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ago } from '../format.js';
import { canGoBack, useAppState, useController } from './hooks.js';
import { Icon } from './icons.js';

export interface FrameProps {
  title: string;
  /** Where "Back" goes; none on the dashboard. */
  back?: string;
  children: ComponentChildren;
}

function SyncControls() {
  const app = useController();
  const state = useAppState();
  if (!state.session) return null;
  const count = state.operations.length;
  return (
    <div class="sync-controls">
      <a class={`pending${count > 0 ? ' has-pending' : ''}`} href="#/changes" aria-label="Pending changes" aria-describedby="pending-help" title="Pending changes">
        <Icon name="upload" size={18} />
        <span class="count">{count}</span>
      </a>
      <span id="pending-help" hidden>
        {count === 1 ? '1 change waits to be sent' : `${count} changes wait to be sent`}
      </span>
      <button
        type="button"
        class={`icon-button${state.isSyncing ? ' spinning' : ''}`}
        onClick={() => void app.sync({ manual: true })}
        aria-label="Sync now"
        title={`Sync now (last: ${ago(state.lastSyncAt)})`}
      >
        <Icon name="sync" size={18} />
      </button>
    </div>
  );
}

function Banners() {
  const state = useAppState();
  const attention = state.operations.filter((o) => o.status !== 'pending').length;
  return (
    <>
      {!state.isOnline && (
        <div class="banner offline" role="status">
          <Icon name="offline" size={16} /> You are offline. Changes are kept on this device and sent when you are back online.
        </div>
      )}
      {state.isSessionExpired && (
        <div class="banner warning" role="alert">
          Your session has ended. <a href="#/sign-in">Sign in again</a> to send your changes.
        </div>
      )}
      {attention > 0 && (
        <a class="banner attention" href="#/changes">
          <Icon name="alert" size={16} /> {attention === 1 ? '1 change needs your attention' : `${attention} changes need your attention`}
        </a>
      )}
    </>
  );
}

function Notices() {
  const app = useController();
  const { notices } = useAppState();
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} class={`notice ${notice.severity}`}>
          <span>{notice.text}</span>
          <button type="button" class="link" onClick={() => app.dismiss(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function Frame({ title, back, children }: FrameProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · mwkit`;
    // Screen readers hear the new screen's title after a navigation.
    if (document.activeElement === document.body || document.activeElement === null) heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div class="frame">
      <header class="bar">
        {back ? (
          <a
            class="back"
            href={back}
            aria-label="Back"
            onClick={(e) => {
              if (canGoBack()) {
                e.preventDefault();
                history.back();
              }
            }}
          >
            <Icon name="back" />
          </a>
        ) : (
          <span class="brand" aria-hidden="true">
            mw
          </span>
        )}
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <SyncControls />
      </header>
      <Banners />
      <main class="screen">{children}</main>
      <Notices />
    </div>
  );
}

export function Message({ severity, children }: { severity: string; children: ComponentChildren }) {
  return (
    <p class={`message ${severity}`} role={severity === 'error' ? 'alert' : undefined}>
      {children}
    </p>
  );
}
