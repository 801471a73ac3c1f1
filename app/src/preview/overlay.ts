// The preview's overlay, in plain DOM beside the app (it must work whatever state the app's own
// screens are in): a badge with the preview version and a "Preview as" user switcher, and, when
// the working copy has errors, a panel listing them with file, line, message and code frame,
// like a dev server's error overlay. Styles are set through the CSSOM: the app's CSP allows no
// inline style attributes or elements.
import type { PreviewDiagnostic, PreviewSession, PreviewStatus } from '../../../src/preview/protocol.js';

type Style = Partial<CSSStyleDeclaration>;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, style: Style = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node.style, style);
  if (text !== undefined) node.textContent = text;
  return node;
}

const font = 'system-ui, -apple-system, "Segoe UI", sans-serif';
const mono = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';

export class PreviewOverlay {
  private readonly badge = element('div', {
    position: 'fixed',
    right: '8px',
    bottom: '8px',
    maxWidth: 'calc(100% - 16px)',
    zIndex: '2147483000',
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    padding: '4px 8px',
    borderRadius: '16px',
    background: '#1f2937',
    color: '#f9fafb',
    font: `12px ${font}`,
    boxShadow: '0 2px 8px rgba(0,0,0,.3)',
  });
  private readonly state = element('span');
  private readonly showButton = element('button', { font: 'inherit', color: '#fecaca', background: 'none', border: '0', textDecoration: 'underline', cursor: 'pointer', padding: '0' });
  private readonly select = element('select', { font: 'inherit', width: 'auto', minWidth: '0', maxWidth: '8rem', padding: '2px', margin: '0' });
  private readonly panel = element('div', {
    position: 'fixed',
    inset: '0',
    zIndex: '2147483001',
    overflow: 'auto',
    padding: '16px',
    boxSizing: 'border-box',
    background: 'rgba(17,24,39,.96)',
    color: '#f9fafb',
    font: `14px ${font}`,
    display: 'none',
  });
  private dismissedRevision = -1;
  private status?: PreviewStatus;

  constructor(session: PreviewSession, currentUser: string | undefined, onSwitchUser: (user: string) => void) {
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-modal', 'false');
    this.panel.setAttribute('aria-label', 'Preview problems');
    this.badge.setAttribute('role', 'region');
    this.badge.setAttribute('aria-label', 'Preview');
    this.select.setAttribute('aria-label', 'Preview as');
    for (const user of session.users) {
      const option = element('option', {}, `${user.name} (${user.roles.join(', ')})`);
      option.value = user.id;
      this.select.append(option);
    }
    this.select.value = currentUser ?? session.user;
    this.select.addEventListener('change', () => onSwitchUser(this.select.value));
    this.showButton.type = 'button';
    this.showButton.textContent = 'Show';
    this.showButton.addEventListener('click', () => {
      this.dismissedRevision = -1;
      if (this.status) this.show(this.status);
    });
    this.badge.append(this.state, this.showButton, this.select);
    document.body.append(this.badge, this.panel);
  }

  setUser(user: string): void {
    this.select.value = user;
  }

  show(status: PreviewStatus): void {
    this.status = status;
    const hasErrors = status.errors > 0 || status.phase === 'failed';
    this.state.textContent = hasErrors
      ? `Preview: ${status.message ?? 'failed'}`
      : `Preview ${status.applied?.version ?? '(nothing applied)'}${status.warnings ? `, ${status.warnings} warning${status.warnings === 1 ? '' : 's'}` : ''}`;
    this.showButton.style.display = hasErrors ? 'inline' : 'none';
    const isOpen = hasErrors && this.dismissedRevision !== status.revision;
    this.panel.style.display = isOpen ? 'block' : 'none';
    if (isOpen) this.panel.replaceChildren(...this.panelContent(status));
  }

  /** The preview has stopped (or the connection is lost); EventSource keeps trying. */
  disconnected(): void {
    this.state.textContent = 'Preview: not connected';
    this.showButton.style.display = 'none';
  }

  private panelContent(status: PreviewStatus): HTMLElement[] {
    const heading = element('h2', { margin: '0 32px 8px 0', fontSize: '18px', color: '#fca5a5', textTransform: 'none', letterSpacing: 'normal' }, status.message ?? 'The preview failed');
    const close = element('button', { position: 'absolute', top: '8px', right: '8px', font: 'inherit', fontSize: '20px', color: '#f9fafb', background: 'none', border: '0', cursor: 'pointer' }, '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => {
      this.dismissedRevision = status.revision;
      this.panel.style.display = 'none';
    });
    const lead = element(
      'p',
      { margin: '0 0 12px', color: '#d1d5db' },
      status.applied ? `The app keeps ${status.applied.version}. Fix the file and save: this goes away by itself.` : 'Nothing is applied yet. Fix the file and save: this goes away by itself.',
    );
    const list = element('ol', { margin: '0', padding: '0', listStyle: 'none' });
    list.append(...status.diagnostics.filter((d) => d.severity === 'error').map((d) => this.diagnosticItem(d)));
    return [close, heading, lead, list];
  }

  private diagnosticItem(diagnostic: PreviewDiagnostic): HTMLElement {
    const item = element('li', { margin: '0 0 16px' });
    const where = element('div', { font: `13px ${mono}`, color: '#93c5fd' }, `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`);
    const message = element('div', { margin: '4px 0' }, `${diagnostic.code}  ${diagnostic.message}`);
    item.append(where, message);
    if (diagnostic.frame) item.append(element('pre', { margin: '4px 0', padding: '8px', overflowX: 'auto', background: '#111827', borderRadius: '4px', font: `12px ${mono}` }, diagnostic.frame));
    if (diagnostic.hint) item.append(element('div', { color: '#d1d5db' }, `hint: ${diagnostic.hint}`));
    return item;
  }
}
