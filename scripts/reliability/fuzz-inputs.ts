// Hostile requests for the HTTP surface, drawn from a seeded PRNG: paths, query strings, selectors, bodies
// (JSON, YAML, protobuf; huge, deep, malformed) and patches of all four kinds. Each input names its class,
// so a class of a known, not yet fixed defect can be left out of the quick mode.

export const FUZZ_NS = 'reliability-fuzz';

export interface FuzzInput {
  /** What kind of hostility it is (reported, and the unit of exclusion). */
  cls: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const chance = (r: Rand, p: number) => r() < p;

/** Objects the fuzzer starts from (the phase creates the ones marked stored, so patches find them). */
export const SEEDS: Record<string, { path: string; object: any; workload?: boolean }> = {
  configmaps: { path: `/api/v1/namespaces/${FUZZ_NS}/configmaps`, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { a: 'b' } }, data: { k: 'v' } } },
  secrets: { path: `/api/v1/namespaces/${FUZZ_NS}/secrets`, object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, type: 'Opaque', data: { k: 'dg==' } } },
  services: {
    path: `/api/v1/namespaces/${FUZZ_NS}/services`,
    object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] } },
  },
  serviceaccounts: { path: `/api/v1/namespaces/${FUZZ_NS}/serviceaccounts`, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } } },
  // Workloads start pods: the fuzzer only ever writes them with dryRun=All, so no input can start a pod storm.
  deployments: {
    path: `/apis/apps/v1/namespaces/${FUZZ_NS}/deployments`,
    workload: true,
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dep', labels: { app: 'x' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { containers: [{ name: 'c', image: 'nginx', args: ['a', 'b'], ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] },
        },
      },
    },
  },
  pods: {
    path: `/api/v1/namespaces/${FUZZ_NS}/pods`,
    workload: true,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod' }, spec: { nodeName: 'nowhere', containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', value: '1' }] }] } },
  },
  cronjobs: {
    path: `/apis/batch/v1/namespaces/${FUZZ_NS}/cronjobs`,
    workload: true,
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    },
  },
};

const WEIRD_STRINGS = ['', ' ', '-', 'A', 'a'.repeat(64), 'a'.repeat(254), 'x'.repeat(70_000), 'é', '日本', '🙂', '\u0000', '\u202e', '../x', '%2F', 'a/b', 'a b', '"', "'", '\\', '${x}', '<script>', 'null', 'true', '0', '-1'];
const WEIRD_NUMBERS = [0, -1, 1, 2147483647, 2147483648, -2147483649, 9007199254740993, 1e300, -1e300, 1.5, 0.1, 1e-300];
const WEIRD_SCALARS: unknown[] = [null, true, false, ...WEIRD_NUMBERS, ...WEIRD_STRINGS.filter((s) => s.length < 1000)];

function weirdValue(r: Rand, depth = 0): unknown {
  const k = int(r, depth > 2 ? 1 : 4);
  if (k === 0) return pick(r, WEIRD_SCALARS);
  if (k === 1) return Array.from({ length: int(r, 4) }, () => weirdValue(r, depth + 1));
  if (k === 2) return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, ['a', '', '__proto__', 'constructor', '$patch', 'metadata', 'spec', 'x'.repeat(300)]), weirdValue(r, depth + 1)]));
  return pick(r, WEIRD_STRINGS.filter((s) => s.length < 1000));
}

/** Every [path, value] of a JSON value, for picking a place to mutate. */
function places(v: any, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) places(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** A copy of `obj` with one to three random changes: values replaced by hostile ones, keys dropped or added. */
export function mutate(r: Rand, obj: any): any {
  const copy = structuredClone(obj);
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const all = places(copy).filter((p) => p.length > 0);
    const at = pick(r, all);
    let parent: any = copy;
    for (const k of at.slice(0, -1)) parent = parent[k];
    const last = at[at.length - 1]!;
    const op = int(r, 4);
    if (op === 0) delete parent[last];
    else if (op === 1 && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) parent[last][pick(r, ['unknownField', '__proto__', 'x-y', '$retainKeys'])] = weirdValue(r);
    else parent[last] = weirdValue(r);
  }
  return copy;
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Bodies that are not the JSON they claim to be. */
function malformedJson(r: Rand, valid: string): string {
  return pick(r, [
    () => valid.slice(0, int(r, valid.length)),
    () => `${valid}garbage`,
    () => `\ufeff${valid}`,
    () => valid.replace(':', '::'),
    () => '{"metadata":{"name":"dup"},"metadata":{"name":"dup2"}}',
    () => '{"a":NaN}',
    () => '{"a":1e999999}',
    () => "{'a':1}",
    () => 'null',
    () => '[]',
    () => '""',
    () => '123',
    () => '',
    () => `{"metadata":{"name":"\\ud800"}}`,
    () => `{"kind":${JSON.stringify('x'.repeat(100_000))}}`,
  ])();
}

/** YAML bodies: alias bombs, odd tags, several documents, tabs. */
function hostileYaml(r: Rand, obj: any): string {
  return pick(r, [
    () => ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n'),
    () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!binary aGVsbG8=\n`,
    () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: !!js/function "function(){}"\n`,
    () => `${JSON.stringify(obj)}\n---\n${JSON.stringify(obj)}\n`,
    () => `apiVersion: v1\n\tkind: ConfigMap\n`,
    () => `? [a, b]\n: c\n`,
    () => `metadata: {name: x, name: y}\n`,
    () => `a: 0x1F\nb: 1_000\nc: .inf\nd: ~\ne: 2001-12-14t21:59:43.10-05:00\n`,
    () => JSON.stringify(obj).replace(/"/g, ''),
  ])();
}

/** Protobuf: the Kubernetes magic prefix and a random (often self-contradicting) runtime.Unknown. */
function hostileProtobuf(r: Rand): Uint8Array {
  const bytes = [0x6b, 0x38, 0x73, 0x00];
  for (let n = int(r, 12); n > 0; n--) {
    const field = 1 + int(r, 6);
    const wire = pick(r, [0, 1, 2, 5, 3, 7]);
    bytes.push((field << 3) | wire);
    if (wire === 0) bytes.push(...(chance(r, 0.2) ? [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] : [int(r, 128)]));
    else if (wire === 2) {
      const len = chance(r, 0.3) ? 0x7fffffff : int(r, 20);
      let v = len;
      do {
        bytes.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>>= 7;
      } while (v > 0);
      for (let i = 0; i < Math.min(len, 20); i++) bytes.push(int(r, 256));
    } else for (let i = 0; i < (wire === 1 ? 8 : 4); i++) bytes.push(int(r, 256));
  }
  if (chance(r, 0.2)) return new Uint8Array(bytes.slice(0, 1 + int(r, bytes.length)));
  return new Uint8Array(bytes);
}

const QUERY_KEYS = ['watch', 'allowWatchBookmarks', 'resourceVersion', 'resourceVersionMatch', 'limit', 'continue', 'timeoutSeconds', 'labelSelector', 'fieldSelector', 'dryRun', 'fieldManager', 'fieldValidation', 'force', 'propagationPolicy', 'gracePeriodSeconds', 'orphanDependents', 'pretty', 'sendInitialEvents', 'includeUninitialized', 'export'];
const QUERY_VALUES = ['', 'true', 'True', 'FALSE', 'f', '0', '1', '-1', 'yes', '1e300', '99999999999999999999999', '2147483648', 'NaN', '0x10', ' 1', 'All', 'all', 'None', 'Strict', 'Exact', 'NotOlderThan', 'Orphan', 'Foreground', '%00', '%ZZ', '%F0%9F%99%82', 'a'.repeat(5000), 'eyJydiI6MX0', 'c.eyJ9'];

/** A label selector, sometimes valid, often not. */
export function selector(r: Rand): string {
  const key = () => pick(r, ['a', 'app', 'x.io/y', 'A_b', '-a', 'a/b/c', 'é', 'k'.repeat(70), '']);
  const value = () => pick(r, ['b', '', 'v1', 'x y', 'v'.repeat(70), '(', ',', '!']);
  const term = () =>
    pick(r, [
      () => `${key()}=${value()}`,
      () => `${key()}==${value()}`,
      () => `${key()}!=${value()}`,
      () => `!${key()}`,
      () => key(),
      () => `${key()} in (${value()},${value()})`,
      () => `${key()} notin (${value()})`,
      () => `${key()} in (`,
      () => `${key()} in ()`,
      () => `${key()}>${int(r, 10)}`,
      () => `${key()}=${value()}=${value()}`,
    ])();
  return Array.from({ length: 1 + int(r, 3) }, term).join(pick(r, [',', ', ', ',,', ' ']));
}

function fieldSelector(r: Rand): string {
  const field = pick(r, ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'spec.unknown', 'metadata', '']);
  return `${field}${pick(r, ['=', '==', '!=', '', '=x=y'])}${pick(r, ['x', '', 'cm', 'a,b', '\\,'])}`;
}

function query(r: Rand): string {
  const parts: string[] = [];
  for (let n = int(r, 4); n > 0; n--) {
    const k = pick(r, QUERY_KEYS);
    let v = pick(r, QUERY_VALUES);
    if (k === 'labelSelector') v = encodeURIComponent(selector(r));
    if (k === 'fieldSelector') v = encodeURIComponent(fieldSelector(r));
    parts.push(chance(r, 0.05) ? k : `${k}=${v}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const RESOURCE_PATHS = [
  '/api/v1/namespaces',
  '/api/v1/nodes',
  `/api/v1/namespaces/${FUZZ_NS}/configmaps`,
  `/api/v1/namespaces/${FUZZ_NS}/pods`,
  `/apis/apps/v1/namespaces/${FUZZ_NS}/deployments`,
  '/apis/apps/v1/deployments',
  '/api/v1/configmaps',
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  '/apis/nope/v1/things',
  '/api/v2/pods',
  '/api',
  '/apis',
  '/openapi/v3',
  '/version',
];
const SEGMENTS = ['cm', 'dep', 'pod', 'x', 'status', 'scale', 'log', 'exec', 'binding', 'eviction', 'finalize', 'proxy', 'ephemeralcontainers', '', 'a'.repeat(300), 'a'.repeat(10_000), '%C3%A9', '%F0%9F%99%82', 'UPPER', 'a.b', '-a', 'a%20b', '%00', '%2F', 'a%2Fb', '%25'];

/** A path that may stray: extra segments, odd names. Dot segments are classes of their own. */
function hostilePath(r: Rand): string {
  let p = pick(r, RESOURCE_PATHS);
  for (let n = int(r, 3); n > 0; n--) p += `/${pick(r, SEGMENTS)}`;
  if (chance(r, 0.1)) p = p.replace('/namespaces/', '/namespaces//');
  if (chance(r, 0.1)) p += '/';
  return p;
}

const DOTS = ['..', '.', '%2e%2e', '%2E%2E', '%2e', '.%2e', '%2e.'];

/** `..`, `.` and their encodings as the last segments of a resource path. */
function trailingDotPath(r: Rand): string {
  const dots = pick(r, DOTS);
  return pick(r, [`/api/v1/namespaces/${FUZZ_NS}/configmaps/${dots}`, `/api/v1/namespaces/${FUZZ_NS}/configmaps/${dots}/${dots}`, `/api/v1/namespaces/${FUZZ_NS}/configmaps/cm/${dots}`]);
}

/** A dot segment inside a path: what it resolves to names another resource (`NS/%2e%2e/configmaps` is the namespace "configmaps"). */
function innerDotPath(r: Rand): string {
  const dots = pick(r, DOTS);
  return pick(r, [
    `/api/v1/namespaces/${FUZZ_NS}/${dots}/configmaps`,
    `/api/v1/namespaces/${dots}/configmaps`,
    `/api/v1/namespaces/${FUZZ_NS}/configmaps/cm/${dots}/cm`,
    `/apis/apps/v1/namespaces/${FUZZ_NS}/deployments/dep/${dots}/dep/scale`,
  ]);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function jsonPatchOps(r: Rand, obj: any): unknown[] {
  const pointers = places(obj).map((p) => `/${p.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);
  const ptr = () => pick(r, [...pointers, '/', '', '/metadata/name', '/spec/containers/-', '/a~2b', '/data/~1', '/metadata/labels/new', '/spec/replicas', 'no-slash', '/data/99']);
  return Array.from({ length: 1 + int(r, 4) }, () => {
    const op = pick(r, ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']);
    const o: any = { op, path: ptr() };
    if (op === 'move' || op === 'copy') o.from = ptr();
    if (op !== 'remove' && chance(r, 0.9)) o.value = weirdValue(r);
    return chance(r, 0.05) ? weirdValue(r) : o;
  });
}

function strategicPatch(r: Rand, obj: any): unknown {
  const p = mutate(r, { metadata: { labels: { a: 'b' } }, spec: obj.spec ?? {}, data: obj.data ?? {} });
  const d = pick(r, [
    { $patch: pick(r, ['delete', 'replace', 'merge', 'bogus']) },
    { spec: { template: { spec: { containers: [{ name: 'c', $patch: 'delete' }] } } } },
    { spec: { template: { spec: { $setElementOrder: { containers: [{ name: 'zz' }] }, containers: [{ name: 'zz', image: 'x' }] } } } },
    { spec: { template: { spec: { containers: [{ name: 'c', $deleteFromPrimitiveList: { args: ['a'] } }] } } } },
    { spec: { $retainKeys: ['replicas'], replicas: 2 } },
    { metadata: { finalizers: { $patch: 'replace' } } },
    {},
  ]);
  return { ...p, ...d };
}

function applyPatch(r: Rand, obj: any): string {
  const base = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name }, ...(obj.data ? { data: obj.data } : {}), ...(obj.spec ? { spec: obj.spec } : {}) };
  return chance(r, 0.3) ? hostileYaml(r, base) : JSON.stringify(mutate(r, base));
}

/** The fuzz input classes, each a generator. */
export const GENERATORS: Record<string, (r: Rand) => Omit<FuzzInput, 'cls'>> = {
  path: (r) => ({ method: pick(r, METHODS), path: hostilePath(r) + query(r) }),
  'dot-segments': (r) => ({ method: pick(r, METHODS), path: trailingDotPath(r) }),
  'dot-segments-inner': (r) => ({ method: pick(r, METHODS), path: innerDotPath(r) }),
  query: (r) => ({ method: pick(r, ['GET', 'GET', 'DELETE', 'POST']), path: pick(r, RESOURCE_PATHS.slice(0, 7)) + query(r), body: undefined }),
  selectors: (r) => ({ method: 'GET', path: `${pick(r, RESOURCE_PATHS.slice(0, 7))}?${chance(r, 0.7) ? 'labelSelector' : 'fieldSelector'}=${encodeURIComponent(chance(r, 0.7) ? selector(r) : fieldSelector(r))}${chance(r, 0.3) ? '&watch=true&timeoutSeconds=1' : ''}` }),
  'json-body': (r) => {
    const seed = pick(r, Object.values(SEEDS));
    const obj = mutate(r, seed.object);
    if (obj && typeof obj === 'object' && obj.metadata && typeof obj.metadata === 'object' && chance(r, 0.8)) obj.metadata.name = `f${int(r, 1e9)}`;
    return { method: 'POST', path: `${seed.path}${seed.workload ? '?dryRun=All' : ''}`, body: JSON.stringify(obj) };
  },
  'malformed-json': (r) => {
    const seed = pick(r, Object.values(SEEDS));
    const method = pick(r, ['POST', 'PUT', 'DELETE']);
    return { method, path: `${seed.path}${method === 'POST' ? '' : `/${seed.object.metadata.name}`}?dryRun=All`, body: malformedJson(r, JSON.stringify(seed.object)) };
  },
  yaml: (r) => {
    const seed = pick(r, Object.values(SEEDS));
    return { method: 'POST', path: `${seed.path}?dryRun=All`, headers: { 'content-type': pick(r, ['application/yaml', 'application/x-yaml', 'text/yaml']) }, body: hostileYaml(r, seed.object) };
  },
  protobuf: (r) => {
    const seed = pick(r, Object.values(SEEDS));
    const method = pick(r, ['POST', 'PUT']);
    return { method, path: `${seed.path}${method === 'PUT' ? `/${seed.object.metadata.name}` : ''}?dryRun=All`, headers: { 'content-type': 'application/vnd.kubernetes.protobuf' }, body: hostileProtobuf(r) };
  },
  patch: (r) => {
    const [plural, seed] = pick(r, Object.entries(SEEDS));
    const type = pick(r, PATCH_TYPES);
    const body =
      type === 'application/json-patch+json'
        ? JSON.stringify(jsonPatchOps(r, seed.object))
        : type === 'application/merge-patch+json'
          ? JSON.stringify(chance(r, 0.1) ? weirdValue(r) : mutate(r, { metadata: { labels: { a: null } }, data: { k: 'w' }, spec: seed.object.spec ?? {} }))
          : type === 'application/strategic-merge-patch+json'
            ? JSON.stringify(strategicPatch(r, seed.object))
            : applyPatch(r, seed.object);
    const dry = seed.workload || plural === 'services' ? 'dryRun=All&' : '';
    const manager = type === 'application/apply-patch+yaml' ? `fieldManager=${pick(r, ['fuzz', '', 'x'.repeat(200)])}&${chance(r, 0.5) ? 'force=true' : ''}` : '';
    return { method: 'PATCH', path: `${seed.path}/${chance(r, 0.9) ? seed.object.metadata.name : `f${int(r, 1e6)}`}?${dry}${manager}`, headers: { 'content-type': type }, body };
  },
  'delete-options': (r) => {
    const seed = pick(r, Object.values(SEEDS));
    const body = pick(r, ['null', '[]', '""', '{"propagationPolicy":"Bogus"}', '{"gracePeriodSeconds":"x"}', '{"gracePeriodSeconds":1.5}', '{"gracePeriodSeconds":-5}', '{"preconditions":{"uid":5}}', '{"dryRun":"All"}', '{"dryRun":["All"]}', '{"kind":"Pod"}', JSON.stringify(weirdValue(r))]);
    return { method: 'DELETE', path: `${seed.path}/${seed.object.metadata.name}?dryRun=All`, body };
  },
  'deep-nesting': (r) => {
    const depth = pick(r, [100, 1000, 9000, 10_001, 50_000]);
    const method = pick(r, ['POST', 'PATCH', 'DELETE']);
    const type = method === 'PATCH' ? pick(r, ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json']) : 'application/json';
    const value = nested(depth, chance(r, 0.5) ? 'array' : 'object');
    const body = type === 'application/json-patch+json' ? `[{"op":"add","path":"/metadata/annotations","value":${value}}]` : `{"metadata":{"name":"deep"},"data":{},"x":${value}}`;
    return { method, path: `${SEEDS.configmaps!.path}${method === 'POST' ? '' : '/cm'}?dryRun=All`, headers: { 'content-type': type }, body };
  },
  'huge-body': (r) => {
    const size = pick(r, [900_000, 1_048_577, 1_600_000, 3 * 1024 * 1024 - 200, 3 * 1024 * 1024 + 1]);
    const name = `huge${int(r, 1e6)}`;
    const where = pick(r, ['data', 'annotations', 'labels']);
    const obj: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} };
    if (where === 'data') obj.data.big = 'x'.repeat(size);
    else obj.metadata[where] = { big: 'x'.repeat(size) };
    return { method: 'POST', path: `${SEEDS.configmaps!.path}${chance(r, 0.5) ? '?dryRun=All' : ''}`, body: JSON.stringify(obj) };
  },
  // writes to a stored object just under ConfigMap's 1 MiB: object, event and counter must go together
  'huge-update': (r) => {
    const method = pick(r, ['PUT', 'PATCH', 'PATCH', 'DELETE']);
    const big = 'y'.repeat(pick(r, [500_000, 900_000, 1_040_000]));
    const path = `${SEEDS.configmaps!.path}/${BIG_NAME}${method === 'DELETE' || chance(r, 0.7) ? '' : '?dryRun=All'}`;
    if (method === 'PUT') return { method, path, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: BIG_NAME }, data: { big, n: String(int(r, 1e6)) } }) };
    if (method === 'PATCH') return { method, path, headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { big, n: String(int(r, 1e6)) } }) };
    return { method, path };
  },
};

/** A ConfigMap near the size limit the phase keeps around for 'huge-update'. */
export const BIG_NAME = 'big';
export const bigConfigMap = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: BIG_NAME }, data: { big: 'z'.repeat(900_000) } });

/** What node:http refuses to send (spaces, controls, non-ASCII) percent-encoded; everything else verbatim. */
function sendable(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** One input of a class drawn at random (classes weighted equally). */
export function fuzzInput(r: Rand, classes: string[]): FuzzInput {
  const cls = pick(r, classes);
  const input = GENERATORS[cls]!(r);
  return { cls, ...input, path: sendable(input.path) };
}
