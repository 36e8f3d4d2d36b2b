// The HTTP fuzzer: batches of hostile requests (fuzz-inputs.ts), each answer checked (a 2xx object or a 4xx
// Status, never a 5xx or a hang), /healthz between batches, and at the end every stored object of every
// served resource read back and written back unchanged with dryRun (a stored object that no longer
// validates or decodes is garbage that got in).
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../shared/api/seeded-random';
import type { Figures } from './figures';
import { bigConfigMap, FUZZ_NS, fuzzInput, GENERATORS, SEEDS, type FuzzInput } from './fuzz-inputs';
import { json, send, type Reply } from './http';
import type { ServerUnderTest } from './server';
import { ensureNamespace } from './store-phase';

/**
 * Input classes of defects issue 9 lists and others are fixing. The quick mode (inside the test suite) leaves
 * them out until the fix lands, so CI stays green and deterministic; the long mode tries them all. Remove an
 * entry when its fix is in.
 */
export const KNOWN_DEFECTS: Record<string, string> = {
  // issue 9, "Dot segments in the URL path": 1dfc574 refuses trailing dot segments, but one inside the path
  // still resolves before routing: DELETE /api/v1/namespaces/NS/%2e%2e/configmaps deletes the namespace
  // "configmaps" (found by this fuzzer's canary namespaces; reported to the lead)
  'dot-segments-inner': 'issue 9: Dot segments in the URL path (a dot segment inside the path)',
};

/**
 * Namespaces no fuzz input names as the target of a DELETE: if one disappears or starts terminating, a
 * request did more than it says. "configmaps" is what `NS/%2e%2e/configmaps` resolves to.
 */
const CANARY_NAMESPACES = ['configmaps', 'default', 'kube-system', 'kube-public', 'kube-node-lease', FUZZ_NS];

const PROTECTED = /^\/api\/v1\/namespaces\/(default|kube-system|kube-public|kube-node-lease)\/?$/;

/** Classes decided by what the generated request does, not by the generator (see KNOWN_DEFECTS). */
function reclassify(input: FuzzInput): FuzzInput {
  const path = input.path.split('?')[0]!;
  if (input.method === 'DELETE' && /^\/api\/v1\/namespaces\/?$/.test(path)) return { ...input, cls: 'namespace-deletecollection' };
  if (input.method === 'DELETE' && PROTECTED.test(path)) return { ...input, cls: 'protected-namespace-delete' };
  return input;
}

export interface FuzzPhaseOptions {
  server: ServerUnderTest;
  figures: Figures;
  seed: number;
  durationMs: number;
  /** Long mode tries the known-defect classes too. */
  long: boolean;
  progress?: (line: string) => void;
}

const BATCH = 40;
const CONCURRENCY = 4;

function describe(input: FuzzInput): string {
  const body = input.body === undefined ? '' : typeof input.body === 'string' ? input.body : `<${input.body.byteLength} bytes: ${Buffer.from(input.body.slice(0, 40)).toString('hex')}>`;
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  const path = input.path.length > 300 ? `${input.path.slice(0, 300)}… (${input.path.length} chars)` : input.path;
  return `[${input.cls}] ${input.method} ${path}${input.headers ? ` ${JSON.stringify(input.headers)}` : ''} ${shown}`;
}

/** What is wrong with an answer, if anything. */
function judge(input: FuzzInput, r: Reply): { kind: string; detail: string } | undefined {
  if (!r.ok) return { kind: r.timedOut ? 'hang' : 'connection failed', detail: r.error };
  if (r.streaming) return r.status >= 500 ? { kind: `answer ${r.status}`, detail: r.text.slice(0, 300) } : undefined;
  if (r.status >= 500) return { kind: `answer ${r.status}`, detail: r.text.slice(0, 400) };
  if (input.method === 'HEAD' || r.status === 204) return undefined;
  if (r.status >= 400) {
    if (r.body?.kind !== 'Status' || r.body.code !== r.status) return { kind: `${r.status} without a Status`, detail: r.text.slice(0, 300) };
    return undefined;
  }
  // non-resource documents (/version, /openapi/v3, discovery) are JSON too; a watch that ended is JSON lines
  if (r.body === undefined && !/^(\{.*\}\n?)*$/s.test(r.text)) return { kind: `${r.status} body is not JSON`, detail: r.text.slice(0, 300) };
  return undefined;
}

async function healthy(server: ServerUnderTest): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    const r = await send(server.url, 'GET', '/healthz', { timeoutMs: 5000 });
    if (r.ok && r.status === 200) return true;
    await new Promise((res) => setTimeout(res, 1000));
  }
  return false;
}

async function ensureSeeds(server: ServerUnderTest): Promise<void> {
  for (const seed of Object.values(SEEDS)) {
    if (seed.workload) continue;
    await send(server.url, 'POST', seed.path, json(seed.object));
  }
  await send(server.url, 'POST', SEEDS.configmaps!.path, json(bigConfigMap()));
}

export async function runFuzzPhase(o: FuzzPhaseOptions): Promise<void> {
  const { server, figures } = o;
  const rand = seededRandom(o.seed ^ 0x5eed);
  for (const ns of CANARY_NAMESPACES) await ensureNamespace(server, ns);
  const classes = Object.keys(GENERATORS);
  const deadline = performance.now() + o.durationMs;
  let lastProgress = performance.now();
  while (performance.now() < deadline) {
    await ensureSeeds(server);
    // inputs are drawn before sending, so a seed gives the same sequence whatever the server answers
    const batch = Array.from({ length: BATCH }, () => reclassify(fuzzInput(rand, classes)));
    const queue = batch.filter((input) => {
      if (!o.long && KNOWN_DEFECTS[input.cls]) {
        figures.fuzzSkipped[input.cls] = (figures.fuzzSkipped[input.cls] ?? 0) + 1;
        return false;
      }
      return true;
    });
    const sent = [...queue];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let input = queue.shift(); input; input = queue.shift()) {
          const r = await send(server.url, input.method, input.path, { body: input.body, headers: input.headers, timeoutMs: 15_000, streamMs: 3000 });
          figures.inputsFuzzed++;
          const answer = `${input.cls} ${r.ok ? r.status : r.timedOut ? 'timeout' : 'error'}`;
          figures.fuzzAnswers[answer] = (figures.fuzzAnswers[answer] ?? 0) + 1;
          const bad = judge(input, r);
          if (bad) figures.violation({ phase: 'fuzz', kind: `${bad.kind} (${input.cls})`, detail: `${describe(input)} → ${bad.detail}` });
        }
      }),
    );
    for (const ns of CANARY_NAMESPACES) {
      const r = await send(server.url, 'GET', `/api/v1/namespaces/${ns}`);
      if (!r.ok || r.status !== 200 || r.body?.metadata?.deletionTimestamp) {
        const deletes = sent.filter((i) => i.method === 'DELETE');
        figures.violation({ phase: 'fuzz', kind: 'a request deleted more than it names', detail: `namespace ${ns} is ${r.ok ? (r.status === 200 ? 'terminating' : `gone (${r.status})`) : 'unreadable'} after a batch whose DELETEs were:\n        ${deletes.map(describe).join('\n        ')}` });
        return;
      }
    }
    if (!(await healthy(server))) {
      figures.violation({ phase: 'fuzz', kind: 'server stopped serving', detail: `/healthz failed after a batch ending with ${describe(batch[batch.length - 1]!)}` });
      return;
    }
    if (o.progress && performance.now() - lastProgress > 5000) {
      lastProgress = performance.now();
      o.progress(`fuzz: ${figures.inputsFuzzed} inputs, violations ${figures.violations.length}`);
    }
  }
  await checkStoredObjects(o);
}

/** Every list-able resource of discovery, as [list path, item path prefix, verbs]. */
async function servedResources(server: ServerUnderTest): Promise<{ list: string; item: (o: any) => string; verbs: string[] }[]> {
  const out: { list: string; item: (o: any) => string; verbs: string[] }[] = [];
  const versions: string[] = ['/api/v1'];
  const groups = await send(server.url, 'GET', '/apis');
  if (groups.ok && groups.status === 200) for (const g of groups.body.groups) versions.push(`/apis/${g.preferredVersion.groupVersion}`);
  for (const base of versions) {
    const r = await send(server.url, 'GET', base);
    if (!r.ok || r.status !== 200) continue;
    for (const res of r.body.resources) {
      if (res.name.includes('/') || !res.verbs.includes('list')) continue;
      out.push({
        list: `${base}/${res.name}`,
        item: (obj) => (res.namespaced ? `${base}/namespaces/${encodeURIComponent(obj.metadata.namespace)}/${res.name}/${encodeURIComponent(obj.metadata.name)}` : `${base}/${res.name}/${encodeURIComponent(obj.metadata.name)}`),
        verbs: res.verbs,
      });
    }
  }
  return out;
}

/** Reads back and dry-run writes back every stored object: what got in must decode and still validate. */
async function checkStoredObjects(o: FuzzPhaseOptions): Promise<void> {
  const { server, figures } = o;
  const garbage = (kind: string, detail: string) => figures.violation({ phase: 'fuzz', kind: `stored garbage: ${kind}`, detail });
  for (const res of await servedResources(server)) {
    const list = await send(server.url, 'GET', res.list, { timeoutMs: 30_000 });
    if (!list.ok || list.status !== 200) {
      garbage('list fails', `GET ${res.list} → ${list.ok ? `${list.status} ${list.text.slice(0, 300)}` : list.error}`);
      continue;
    }
    for (const obj of list.body.items ?? []) {
      const path = res.item(obj);
      const got = await send(server.url, 'GET', path);
      if (!got.ok || got.status !== 200 || got.body?.metadata?.uid !== obj.metadata.uid) {
        garbage('listed object cannot be read', `GET ${path} → ${got.ok ? `${got.status} ${got.text.slice(0, 300)}` : got.error}`);
        continue;
      }
      if (!res.verbs.includes('update')) continue;
      const put = await send(server.url, 'PUT', `${path}?dryRun=All`, json(got.body));
      // 409: it changed in between (controllers at work), not garbage
      if (!put.ok || (put.status >= 300 && put.status !== 409)) {
        garbage('stored object fails validation', `PUT ${path}?dryRun=All (the object as read) → ${put.ok ? `${put.status} ${put.text.slice(0, 400)}` : put.error}`);
      }
    }
  }
}
