// The live channel: the preview's status, kept here and sent to every connected app as
// Server-Sent Events (a `status` event on connect and on every change). EventSource
// reconnects by itself, and every event carries the whole status, so a missed one does no harm.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PreviewStatus } from './protocol.js';

const heartbeatMs = 15_000;

export type StatusPatch = Partial<Omit<PreviewStatus, 'revision'>>;

export function initialStatus(): PreviewStatus {
  return { revision: 0, phase: 'starting', applied: null, errors: 0, warnings: 0, diagnostics: [], message: null, tests: null };
}

export class LiveChannel {
  private status: PreviewStatus = initialStatus();
  private readonly clients = new Set<ServerResponse>();
  private readonly listeners = new Set<(status: PreviewStatus) => void>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // Proxies and phones drop idle connections; a comment line now and then keeps it open.
    this.heartbeat = setInterval(() => this.clients.forEach((client) => client.write(': ping\n\n')), heartbeatMs);
    this.heartbeat.unref();
  }

  get current(): PreviewStatus {
    return this.status;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  update(patch: StatusPatch): PreviewStatus {
    this.status = { ...this.status, ...patch, revision: this.status.revision + 1 };
    const event = eventText(this.status);
    for (const client of this.clients) client.write(event);
    for (const listener of this.listeners) listener(this.status);
    return this.status;
  }

  /** Called with every new status (tests, and the terminal). */
  onUpdate(listener: (status: PreviewStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: 1000\n${eventText(this.status)}`);
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }

  /** Ends every stream; the apps see the preview stop. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.listeners.clear();
  }
}

function eventText(status: PreviewStatus): string {
  return `id: ${status.revision}\nevent: status\ndata: ${JSON.stringify(status)}\n\n`;
}
