// A lean keep-alive HTTP/1.1 client for the bench. node:http rather than fetch: undici's fetch
// costs the client more CPU per request, and on a 2-core machine the client shares the cores
// with the server under test.
import http from 'node:http';

/** A keep-alive connection pool for one target. */
export function newAgent(maxSockets = 64) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * One request; resolves when the whole response body has arrived.
 * @returns {Promise<{ status: number, text: string }>}
 */
export function request(agent, method, url, body, headers = {}, timeoutMs = 0) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { accept: 'application/json', ...headers };
    if (payload !== undefined) {
      h['content-type'] ??= 'application/json';
      h['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request(url, { method, agent, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no response within ${timeoutMs} ms`)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Like request, but throws unless the status is 2xx; returns the parsed JSON body. */
export async function requestJson(agent, method, url, body, timeoutMs = 0) {
  const r = await request(agent, method, url, body, {}, timeoutMs);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${url} -> ${r.status}: ${r.text.slice(0, 300)}`);
  return r.text ? JSON.parse(r.text) : undefined;
}

/**
 * Opens a streaming GET and calls onLine(line, receivedAt) for every newline-terminated line,
 * timestamping each chunk the moment it arrives.
 * @returns {Promise<{ close: () => void, ended: Promise<void> }>} once the response headers are in
 */
export function streamLines(url, onLine) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'application/json' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${url} -> ${res.statusCode}`));
        res.resume();
        return;
      }
      let buf = '';
      const ended = new Promise((done) => {
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const at = performance.now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) onLine(line, at);
        }
      });
      resolve({ close: () => req.destroy(), ended });
    });
    req.on('error', reject);
  });
}
