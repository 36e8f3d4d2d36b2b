// Starts and stops `wrangler dev` (miniflare) for the dev command, the e2e suite and benchmarks.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard } from './build-dashboard.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A kubeconfig with one `kubeflare` context pointing at the local server, authenticating with `token` when given. */
export function kubeconfigYaml(server, token) {
  return `apiVersion: v1
kind: Config
clusters:
- name: kubeflare
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
contexts:
- name: kubeflare
  context:
    cluster: kubeflare
    user: kubeflare
    namespace: default
current-context: kubeflare
users:
- name: kubeflare
  user:${token ? `\n    token: ${token}` : ' {}'}
`;
}

/** Writes the kubeconfig readable by its owner only (it holds the admin token). */
export function writeKubeconfig(path, server, token) {
  writeFileSync(path, kubeconfigYaml(server, token), { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** A new admin token: 32 random bytes, base64url (what `wrangler secret put ADMIN_TOKEN` takes when deployed). */
export function newAdminToken() {
  return randomBytes(32).toString('base64url');
}

/**
 * The admin token kept in a server's state folder (`<state>/kubeflare-admin-token`, owner-only), created on first
 * use, so a restart on the same state keeps it and kubeconfigs written before still work.
 */
export function adminTokenIn(stateDir) {
  const file = join(stateDir, 'kubeflare-admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  const token = newAdminToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The Worker variables that turn authentication on with this admin token: only its SHA-256 leaves this process. */
export function authVars(adminToken) {
  if (!adminToken) return { AUTH_MODE: 'off' };
  return { ADMIN_TOKEN_SHA256: createHash('sha256').update(adminToken).digest('hex') };
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Thrown when the port a server was asked to listen on is taken; names the port and the `--port` option. */
export class PortBusyError extends Error {
  constructor(port, host) {
    super(`Port ${port} on ${host} is already in use (another \`npm run dev\`?). Stop that process, or choose another port: npm run dev -- --port ${port + 1}`);
    this.name = 'PortBusyError';
    this.code = 'PORT_BUSY';
    this.port = port;
  }
}

/**
 * Rejects with PortBusyError when `port` cannot be bound on `host`. Checked before anything else starts, because a
 * server already on the port answers /readyz and would pass for the new one (kubeconfig written, then wrangler
 * fails with "Address already in use").
 */
export function assertPortFree(port, host = '127.0.0.1') {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (e) => rej(e.code === 'EADDRINUSE' || e.code === 'EACCES' ? new PortBusyError(port, host) : e));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res()));
  });
}

/**
 * wrangler's own log level for a worker log level: wrangler prints one line per request at `info`, so it speaks
 * only when the worker's logs are that chatty too.
 */
export function wranglerLogLevel(logLevel, quiet) {
  if (quiet) return 'error';
  return logLevel === 'debug' || logLevel === 'info' ? 'log' : 'warn';
}

/** Host names a local server answers by default: loopback only, so a web page cannot reach it through DNS rebinding. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * `fetch` for a local server's own certificate: a server with authentication listens on HTTPS (kubectl and client-go
 * send credentials over TLS only) with wrangler's self-signed certificate, which Node would refuse. Loopback only;
 * whole bodies (no streams), enough for the dev command's readiness check and its few calls.
 * @returns {Promise<Response>}
 */
export function localFetch(url, init = {}) {
  if (!url.startsWith('https:')) return fetch(url, init);
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error(`localFetch is for loopback servers only, not ${u.hostname}`);
  return new Promise((res, rej) => {
    const req = httpsRequest(u, { method: init.method ?? 'GET', headers: init.headers ?? {}, rejectUnauthorized: false }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res(new Response(r.statusCode === 204 || r.statusCode === 304 ? null : Buffer.concat(chunks), { status: r.statusCode, headers: r.headers })));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end(init.body);
  });
}

/**
 * Checks the port, bundles the dashboard, spawns wrangler dev directly (not via npx, so killing it stops workerd
 * too) and waits for /readyz. The Worker answers only Host headers naming loopback or one of `allowedHosts` (`*`: any).
 * `logLevel` is the Worker's (warn by default: warnings and errors only). With `adminToken` the API authenticates
 * and authorizes every request (that token is the admin's; see adminTokenIn) and listens on HTTPS, since kubectl
 * sends a token over TLS only (wrangler's self-signed certificate; kubeconfigs skip its verification); without it,
 * auth is off (AUTH_MODE=off) and the server is plain HTTP.
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, child: import('node:child_process').ChildProcess }>}
 */
export async function startDevServer({ port, persistTo, logLevel = 'warn', quiet = false, vars = {}, allowedHosts = [], adminToken } = {}) {
  if (port !== undefined) await assertPortFree(port);
  const p = port ?? (await freePort());
  await buildDashboard();
  // a free inspector port too: wrangler's default (9229, else 9230) collides when two servers start at once
  const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(p), '--inspector-port', String(await freePort()), '--log-level', wranglerLogLevel(logLevel, quiet), '--show-interactive-dev-session=false'];
  if (persistTo) args.push('--persist-to', persistTo);
  if (adminToken) args.push('--local-protocol', 'https');
  const ALLOWED_HOSTS = [...LOOPBACK_HOSTS, ...allowedHosts].join(',');
  for (const [k, v] of Object.entries({ LOG_LEVEL: logLevel, ALLOWED_HOSTS, ...authVars(adminToken), ...vars })) args.push('--var', `${k}:${v}`);
  const child = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', FORCE_COLOR: '0' },
    stdio: quiet ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const url = `${adminToken ? 'https' : 'http'}://127.0.0.1:${p}`;
  // seconds on a quiet machine; minutes when the machine is loaded (a CI box running many suites)
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${stderr}`);
    try {
      const r = await localFetch(`${url}/readyz`);
      // the child must still be alive: an answer from anything else on the port is not this server
      if (r.ok && child.exitCode === null) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`wrangler dev did not become ready on ${url} within 180s\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { url, port: p, stop, child };
}
