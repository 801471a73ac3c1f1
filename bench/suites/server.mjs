// The environment server (SPEC §7): applying the 500-workspace package (budget 2 s), and the
// data-query throughput of a list page against a bare node:http server returning the same JSON
// bytes, same client, same run (budget: at least half its throughput, i.e. at most 2× its time
// per request). Both servers run as child processes of this file (`node server.mjs serve …`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const name = 'server';

const listQuery = `/data/ExpenseReport?${new URLSearchParams({ filter: JSON.stringify({ owner: '$user', status: { in: ['Draft', 'Submitted', 'Rejected', 'Approved', 'Paid'] } }), sort: '-createdAt', limit: '50' })}`;
const loadSeconds = 2;
const connections = 16;

/** Starts `node server.mjs <mode> …` and resolves with the JSON line it prints once listening. */
async function startChild(mode, args) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), mode, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`the ${mode} child exited before listening`);
  return {
    child,
    info: JSON.parse(first.value),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests per second over `loadSeconds` with `connections` keep-alive connections, after a warm-up. */
async function throughput(url, headers) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const run = async (seconds) => {
    const end = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) {
          const { status } = await request(agent, url, { headers });
          if (status !== 200) throw new Error(`${url} answered ${status}`);
          done++;
        }
      }),
    );
    return done / seconds;
  };
  await run(1);
  const rate = await run(loadSeconds);
  agent.destroy();
  return rate;
}

async function timeApply(pkg) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'mwkit-bench-env-'));
    const server = await startChild('serve', [dataDir, 'empty']);
    const agent = new http.Agent({ keepAlive: true });
    const start = performance.now();
    const { status, body } = await request(agent, `${server.info.apiUrl}/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.info.token}`, 'content-type': 'application/zip' },
      body: pkg,
    });
    times.push(performance.now() - start);
    if (status !== 201) throw new Error(`apply answered ${status}: ${body}`);
    agent.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return times.sort((a, b) => a - b)[1];
}

export async function run(ctx) {
  const project = ctx.generateProject(500);
  const out = mkdtempSync(join(tmpdir(), 'mwkit-bench-pkg-'));
  const packed = spawnSync(process.execPath, [ctx.bin, 'pack', '--out', out, '--json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (packed.status !== 0) throw new Error(`mwkit pack exited ${packed.status}: ${packed.stderr}`);
  const pkg = readFileSync(resolve(project, JSON.parse(packed.stdout).path));
  const apply = await timeApply(pkg);

  const dataDir = mkdtempSync(join(tmpdir(), 'mwkit-bench-env-'));
  const server = await startChild('serve', [dataDir, 'demo']);
  const agent = new http.Agent({ keepAlive: true });
  const signIn = await request(agent, `${server.info.apiUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'emma.fischer', password: 'mwkit-demo' }),
  });
  const headers = { authorization: `Bearer ${JSON.parse(signIn.body).token}` };
  const sample = await request(agent, `${server.info.apiUrl}${listQuery}`, { headers });
  agent.destroy();
  const bodyFile = join(out, 'page.json');
  writeFileSync(bodyFile, sample.body);
  const bare = await startChild('bare', [bodyFile]);
  // Alternating rounds, median of each: a busy machine slows both alike.
  const bareRates = [];
  const serverRates = [];
  for (let round = 0; round < 3; round++) {
    bareRates.push(await throughput(`${bare.info.url}/`, headers));
    serverRates.push(await throughput(`${server.info.apiUrl}${listQuery}`, headers));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[1];
  const bareRate = median(bareRates);
  const serverRate = median(serverRates);
  await Promise.all([bare.stop(), server.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return [
    { metric: 'apply 500-workspace package (HTTP, new env)', value: apply, unit: 'ms', budget: 2000 },
    {
      metric: `data query time per request (${Math.round(serverRate)} req/s)`,
      value: 1e6 / serverRate,
      unit: 'µs',
      ratioBudget: 2,
      baseline: { label: `bare node:http, same JSON (${Math.round(bareRate)} req/s)`, value: 1e6 / bareRate },
    },
  ];
}

/** Child modes: `serve <dataDir> demo|empty` runs the built environment; `bare <file>` serves the file's bytes. */
async function child(mode, args) {
  if (mode === 'serve') {
    const { createServer, openEnvironmentStore } = await import('../../dist/server/index.js');
    const server = await createServer({ store: openEnvironmentStore(args[0]), demo: args[1] === 'demo' });
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
    process.stdout.write(`${JSON.stringify({ apiUrl: server.apiUrl, token: server.adminToken })}\n`);
  } else {
    const body = readFileSync(args[0]);
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
    bare.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${bare.address().port}` })}\n`));
    process.on('SIGTERM', () => bare.close(() => process.exit(0)));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await child(process.argv[2], process.argv.slice(3));
