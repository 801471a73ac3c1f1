// Builds the mobile app (app/) into dist/app/: the shell script and styles (content-hashed, so
// they can be cached for ever), the business-logic Worker and the QuickJS engine it runs scripts
// in (a WebAssembly file, content-hashed), the service worker (which lists this build's shell
// files), index.html, the web app manifest and icons, each with a .gz beside it.
// Usage: node scripts/build-app.mjs [--out dir] [--no-minify]. Prints the shell's gzip size.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { newerBuiltInUses } from './browser-target.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const appDir = join(root, 'app');
const staticFiles = ['manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png'];
const compressible = /\.(js|css|html|svg|webmanifest|json|wasm)$/;
/** The same engine build mwkit test runs (src/logic/quickjs/engine-node.ts). */
const engineWasm = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');

/** Copies the engine under a content-hashed name like esbuild's (8 of [A-Z0-9]), so it is cached for ever. */
function copyEngine(outDir) {
  const bytes = readFileSync(engineWasm);
  const name = `quickjs-${createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase()}.wasm`;
  writeFileSync(join(outDir, name), bytes);
  return name;
}
const browsers = ['es2020', 'chrome91', 'firefox90', 'safari15'];

function outputNamed(metafile, prefix, extension) {
  const name = Object.keys(metafile.outputs).find((file) => basename(file).startsWith(prefix) && file.endsWith(extension));
  if (!name) throw new Error(`esbuild produced no ${prefix}*${extension}`);
  return basename(name);
}

/** Fails the build when a bundle calls a built-in newer than `browsers` without testing for it first. */
function checkBrowserTarget(outDir) {
  const found = [];
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.js'))) {
    for (const use of newerBuiltInUses(readFileSync(join(outDir, file), 'utf8'))) found.push(`${file}:${use.line}:${use.column} uses ${use.what}`);
  }
  if (found.length > 0) {
    throw new Error(`The app must run on ${browsers.join(', ')}, but:\n  ${found.join('\n  ')}\nUse an older built-in, or test for it first (typeof …) and fall back.`);
  }
}

export async function buildApp({ outDir = join(root, 'dist', 'app'), minify = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, minify, target: browsers, outdir: outDir, metafile: true, logLevel: 'silent', legalComments: 'none', sourcemap: 'linked' };
  const shell = await build({
    ...common,
    entryPoints: { app: join(appDir, 'src', 'main.tsx'), styles: join(appDir, 'styles.css') },
    format: 'esm',
    entryNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  const logic = await build({ ...common, entryPoints: { 'logic-worker': join(appDir, 'src', 'logic-worker.ts') }, format: 'iife', entryNames: '[name]-[hash]' });
  const js = outputNamed(shell.metafile, 'app-', '.js');
  const css = outputNamed(shell.metafile, 'styles-', '.css');
  const worker = outputNamed(logic.metafile, 'logic-worker-', '.js');
  const engine = copyEngine(outDir);
  const html = readFileSync(join(appDir, 'index.html'), 'utf8').replace('%JS%', js).replace('%CSS%', css).replace('%WORKER%', worker).replace('%ENGINE%', engine);
  writeFileSync(join(outDir, 'index.html'), html);
  for (const file of staticFiles) copyFileSync(join(appDir, file), join(outDir, file));
  const shellFiles = ['./', js, css, worker, engine, ...staticFiles];
  const version = createHash('sha256').update(shellFiles.join('\n')).update(html).digest('hex').slice(0, 16);
  await build({
    ...common,
    sourcemap: false,
    entryPoints: { sw: join(appDir, 'src', 'sw.ts') },
    format: 'iife',
    entryNames: '[name]',
    define: { __SHELL__: JSON.stringify(shellFiles), __VERSION__: JSON.stringify(version) },
  });
  checkBrowserTarget(outDir);
  for (const file of readdirSync(outDir)) {
    if (compressible.test(file)) writeFileSync(join(outDir, `${file}.gz`), gzipSync(readFileSync(join(outDir, file)), { level: 9 }));
  }
  const gzipOf = (file) => statSync(join(outDir, `${file}.gz`)).size;
  return {
    outDir,
    version,
    files: { js, css, worker, engine },
    sizes: { shellJs: statSync(join(outDir, js)).size, shellJsGzip: gzipOf(js), cssGzip: gzipOf(css), workerGzip: gzipOf(worker), engineGzip: gzipOf(engine), htmlGzip: gzipOf('index.html') },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const result = await buildApp({ ...(outIndex >= 0 ? { outDir: resolve(args[outIndex + 1]) } : {}), minify: !args.includes('--no-minify') });
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  process.stdout.write(`app built into ${result.outDir}\n`);
  process.stdout.write(`  shell JS  ${kb(result.sizes.shellJs)} (${kb(result.sizes.shellJsGzip)} gzip)\n`);
  process.stdout.write(`  styles    ${kb(result.sizes.cssGzip)} gzip\n`);
  process.stdout.write(`  logic worker ${kb(result.sizes.workerGzip)} gzip (loaded when a workspace opens)\n`);
  process.stdout.write(`  logic engine ${kb(result.sizes.engineGzip)} gzip (WebAssembly, compiled when a workspace opens)\n`);
}
