import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAppRoutes } from '../../src/server/http/routes/app.js';

// @ts-expect-error: a plain .mjs build script without declarations
const { buildApp } = (await import('../../scripts/build-app.mjs')) as {
  buildApp(o: { outDir: string }): Promise<{ files: { js: string; worker: string; engine: string }; sizes: { shellJsGzip: number } }>;
};

const app = Fastify();
const outDir = join(mkdtempSync(join(tmpdir(), 'mwkit-app-')), 'app');
let built: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  built = await buildApp({ outDir });
  registerAppRoutes(app, { appDir: `${outDir}/` }); // a trailing slash, as the server passes it
  await app.ready();
});
afterAll(() => app.close());

describe('the app routes', () => {
  it('serve index.html at /app/ with a CSP, revalidated on every start', async () => {
    const response = await app.inject({ url: '/app/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).toContain(built.files.js);
    expect((await app.inject({ url: '/app/', headers: { 'if-none-match': String(response.headers.etag) } })).statusCode).toBe(304);
  });

  it('redirect /app and / to /app/', async () => {
    expect((await app.inject({ url: '/app' })).headers.location).toBe('/app/');
    expect((await app.inject({ url: '/' })).headers.location).toBe('/app/');
  });

  it('cache content-hashed files for ever and send them gzipped when asked', async () => {
    const response = await app.inject({ url: `/app/${built.files.js}`, headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toContain('Pending changes');
  });

  it('serve the service worker and the manifest fresh, the Worker with a CSP that forbids network and eval', async () => {
    const sw = await app.inject({ url: '/app/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.body).toContain(built.files.worker);
    expect((await app.inject({ url: '/app/manifest.webmanifest' })).headers['content-type']).toBe('application/manifest+json');
    const worker = await app.inject({ url: `/app/${built.files.worker}` });
    expect(worker.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'");
  });

  it('serve the logic engine as application/wasm, cached for ever, in the offline shell, named in index.html', async () => {
    expect(built.files.engine).toMatch(/^quickjs-[A-Z0-9]{8}\.wasm$/);
    const engine = await app.inject({ url: `/app/${built.files.engine}`, headers: { 'accept-encoding': 'gzip' } });
    expect(engine.headers['content-type']).toBe('application/wasm');
    expect(engine.headers['cache-control']).toContain('immutable');
    expect(WebAssembly.validate(gunzipSync(engine.rawPayload))).toBe(true);
    expect((await app.inject({ url: '/app/sw.js' })).body).toContain(built.files.engine);
    const page = await app.inject({ url: '/app/' });
    expect(page.body).toContain(`data-engine="${built.files.engine}"`);
    // The page compiles the engine (WebAssembly only; text is never code): nothing else is allowed.
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");
  });

  it('make the app installable: a manifest with a start URL, standalone display and 192/512 px icons that exist', async () => {
    const manifest = (await app.inject({ url: '/app/manifest.webmanifest' })).json() as { start_url: string; display: string; icons: Array<{ src: string; sizes: string }> };
    expect(manifest).toMatchObject({ start_url: './', display: 'standalone' });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await app.inject({ url: `/app/${icon.src}` })).statusCode, icon.src).toBe(200);
    expect((await app.inject({ url: '/app/' })).body).toContain('rel="manifest" href="manifest.webmanifest"');
  });

  it('refuse paths outside the app folder', async () => {
    for (const url of ['/app/..%2Fpackage.json', '/app/%2e%2e/x', '/app/nope.js', '/app/a/b.js']) {
      expect((await app.inject({ url })).statusCode, url).toBeGreaterThanOrEqual(400);
    }
  });

  it('keeps the shell under 60 KB of gzip JavaScript', () => {
    expect(built.sizes.shellJsGzip).toBeLessThan(60 * 1024);
  });
});
