// Serves the built mobile app (dist/app, from `node scripts/build-app.mjs`) at /app/.
// Content-hashed files are cached for ever; index.html, sw.js, the manifest and icons are
// revalidated every time (ETag), so a new build reaches phones at their next start. Scripts get
// a Content-Security-Policy; the logic Worker a stricter one (no eval, no network). The logic
// engine (QuickJS, .wasm) is compiled by the page, which needs 'wasm-unsafe-eval' for it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../../services/errors.js';

export interface AppRouteOptions {
  /** The built app folder (dist/app). */
  appDir: string;
  /** Redirect `/` to `/app/` (default true). */
  redirectRoot?: boolean;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** 'wasm-unsafe-eval' compiles the logic engine (WebAssembly, never text); data: for inline SVG in CSS. */
const pageCsp =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
/** The logic Worker: its own script, no eval, no network at all; it gets the engine compiled. */
const workerCsp = "default-src 'none'; script-src 'self'";

const hashedName = /-[A-Z0-9]{8}\.(js|css|wasm)(\.map)?$/;

interface CachedFile {
  body: Buffer;
  gzip?: Buffer;
  etag: string;
}

function extensionOf(file: string): string {
  const match = /(\.[a-z]+)$/.exec(file);
  return match ? match[1]! : '';
}

export function registerAppRoutes(app: FastifyInstance, options: AppRouteOptions): void {
  const cache = new Map<string, CachedFile>();

  const appDir = resolve(options.appDir);

  function load(file: string): CachedFile | undefined {
    const path = resolve(appDir, file);
    // Containment by path.relative, never a string prefix (a trailing slash or `..` must not matter).
    const inside = relative(appDir, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !existsSync(path) || !statSync(path).isFile()) return undefined;
    const known = cache.get(path);
    if (known) return known;
    const body = readFileSync(path);
    const gzipPath = `${path}.gz`;
    const loaded: CachedFile = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, ...(existsSync(gzipPath) ? { gzip: readFileSync(gzipPath) } : {}) };
    cache.set(path, loaded);
    return loaded;
  }

  function send(request: FastifyRequest, reply: FastifyReply, file: string): FastifyReply {
    const loaded = load(file);
    if (!loaded) {
      if (file === 'index.html') {
        throw new ServiceError('not-found', 'The app is not built', `No app in ${appDir}: run \`node scripts/build-app.mjs\` (part of \`npm run build\`).`);
      }
      throw new ServiceError('not-found', 'Not found', `The app has no file ${file}.`);
    }
    const isHashed = hashedName.test(file);
    reply.header('cache-control', isHashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('etag', loaded.etag);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('vary', 'accept-encoding');
    if (file === 'index.html') reply.header('content-security-policy', pageCsp);
    if (file.startsWith('logic-worker-') && file.endsWith('.js')) reply.header('content-security-policy', workerCsp);
    if (file === 'sw.js') reply.header('service-worker-allowed', '/app/');
    reply.type(types[extensionOf(file)] ?? 'application/octet-stream');
    if (request.headers['if-none-match'] === loaded.etag) return reply.code(304).send();
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (loaded.gzip && acceptsGzip) return reply.header('content-encoding', 'gzip').send(loaded.gzip);
    return reply.send(loaded.body);
  }

  const config = { access: 'public' as const };
  app.get('/app', { config }, async (_request, reply) => reply.redirect('/app/', 301));
  app.get('/app/', { config }, async (request, reply) => send(request, reply, 'index.html'));
  app.get('/app/*', { config }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (file === '' || file.includes('..') || file.includes('\\') || file.includes('\0') || file.includes('/')) {
      throw new ServiceError('not-found', 'Not found', `The app has no file ${file}.`);
    }
    return send(request, reply, file);
  });
  if (options.redirectRoot !== false) app.get('/', { config }, async (_request, reply) => reply.redirect('/app/', 302));
}
