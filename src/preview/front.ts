// The address the preview prints. It answers /api/v1/preview/* itself (the live channel and the
// preview's sign-in) and passes everything else — the app, the API, sync — to the environment,
// byte for byte. Same origin for all of it, so the app's Content-Security-Policy
// (connect-src 'self') lets the overlay listen. The environment itself stays on 127.0.0.1.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import type { LiveChannel } from './live.js';
import { previewEventsPath, previewPath, previewSessionPath, previewStatusPath, type PreviewSession } from './protocol.js';

export interface FrontOptions {
  host: string;
  port: number;
  /** --port was given: a taken port is an error rather than a reason to try the next one. */
  isPortFixed: boolean;
  /** The environment's base URL (http://127.0.0.1:<port>). */
  environmentUrl: string;
  live: LiveChannel;
  session: () => PreviewSession;
}

export interface FrontServer {
  /** http://host:port as printed (127.0.0.1 when bound to every address). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const portAttempts = 20;

export async function startFront(options: FrontOptions): Promise<FrontServer> {
  const target = new URL(options.environmentUrl);
  const server = createServer((request, response) => handle(request, response, options, target));
  const port = await listen(server, options);
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        options.live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function listen(server: Server, options: FrontOptions): Promise<number> {
  const attempts = options.isPortFixed || options.port === 0 ? 1 : portAttempts;
  for (let attempt = 0; ; attempt++) {
    const port = options.port === 0 ? 0 : options.port + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && attempt + 1 < attempts) continue;
      throw listenError(code, options.host, port, options.isPortFixed) ?? error;
    }
  }
}

function listenError(code: string | undefined, host: string, port: number, isPortFixed: boolean): UsageError | undefined {
  if (code === 'EADDRINUSE') {
    return isPortFixed
      ? new UsageError(`Port ${port} on ${host} is already in use.`, 'Stop the other server, or pass another --port (0 picks a free one).')
      : new UsageError(`Ports ${port - portAttempts + 1} to ${port} on ${host} are all in use.`, 'Pass --port 0 to pick any free port.');
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new UsageError(`Cannot listen on ${host}: no such local address.`, 'Pass --host 127.0.0.1, or an address of this machine (0.0.0.0 for every one).');
  if (code === 'EACCES') return new UsageError(`Not allowed to listen on ${host}:${port}.`, 'Pick a port above 1023.');
  return undefined;
}

function handle(request: IncomingMessage, response: ServerResponse, options: FrontOptions, target: URL): void {
  const path = (request.url ?? '/').split('?')[0]!;
  if (path !== previewPath && !path.startsWith(`${previewPath}/`)) {
    proxy(request, response, target);
    return;
  }
  if (request.method !== 'GET') return sendProblem(response, 405, 'Method not allowed', `${path} answers GET only.`);
  if (path === previewEventsPath) return options.live.attach(request, response);
  if (path === previewStatusPath) return sendJson(response, options.live.current);
  if (path === previewSessionPath) return sendJson(response, options.session());
  sendProblem(response, 404, 'No such endpoint', `There is no GET ${path}; the preview answers ${previewEventsPath}, ${previewStatusPath} and ${previewSessionPath}.`);
}

function proxy(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) response.destroy();
    else sendProblem(response, 502, 'The environment did not answer', "The preview's environment is stopping or has stopped.");
  });
  request.pipe(upstream);
  response.on('close', () => upstream.destroy());
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendProblem(response: ServerResponse, status: number, title: string, detail: string): void {
  response.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
