import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { Client, ResourceClient } from '../../../shared/client';
import { HttpClient } from '../../../shared/client';
import { CONFIGMAPS, DEPLOYMENTS, PODS } from './common.case';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A fetch that records the request and answers with one canned response. */
function stub(status = 200, answer: unknown = { kind: 'ConfigMap', metadata: { name: 'x' } }, contentType = 'application/json') {
  const seen: Seen[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    seen.push({ method: init?.method ?? 'GET', url: String(input), headers, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
    return new Response(text, { status, headers: { 'content-type': contentType } });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const SERVER = 'https://kf.example.dev/';

function client(s: ReturnType<typeof stub>, token?: string): Client {
  return new HttpClient({ server: SERVER, token, fetch: s.fetch, fieldManager: 'kf-test' });
}

describe('HttpClient requests', () => {
  type Case = [string, (c: Client) => Promise<unknown>, string, string, string | undefined, unknown?];
  const cms = (c: Client): ResourceClient<ConfigMap> => c.resource<ConfigMap>(CONFIGMAPS).namespace('default');
  const deps = (c: Client): ResourceClient<Deployment> => c.resource<Deployment>(DEPLOYMENTS).namespace('prod');
  const cases: Case[] = [
    ['get', (c) => cms(c).get('x'), 'GET', '/api/v1/namespaces/default/configmaps/x', undefined],
    ['list in a namespace with selectors and paging', (c) => cms(c).list({ labelSelector: 'app=web,tier!=db', limit: 10, continue: 'tok' }), 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb%2Ctier%21%3Ddb&limit=10&continue=tok', undefined],
    ['list across namespaces', (c) => c.resource(DEPLOYMENTS).list({ resourceVersion: '0' }), 'GET', '/apis/apps/v1/deployments?resourceVersion=0', undefined],
    ['cluster-scoped get', (c) => c.resource({ group: '', version: 'v1', plural: 'nodes' }).get('n1'), 'GET', '/api/v1/nodes/n1', undefined],
    ['create with dryRun and field manager', (c) => cms(c).create({ metadata: { name: 'x' } }, { dryRun: true }), 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All&fieldManager=kf-test', 'application/json', { metadata: { name: 'x' } }],
    ['update', (c) => deps(c).update({ metadata: { name: 'web' } }), 'PUT', '/apis/apps/v1/namespaces/prod/deployments/web?fieldManager=kf-test', 'application/json', { metadata: { name: 'web' } }],
    ['updateStatus', (c) => deps(c).updateStatus({ metadata: { name: 'web' }, status: { replicas: 1 } }), 'PUT', '/apis/apps/v1/namespaces/prod/deployments/web/status?fieldManager=kf-test', 'application/json', { metadata: { name: 'web' }, status: { replicas: 1 } }],
    ['json patch', (c) => cms(c).patch('x', 'json', [{ op: 'remove', path: '/data/a' }]), 'PATCH', '/api/v1/namespaces/default/configmaps/x?fieldManager=kf-test', 'application/json-patch+json', [{ op: 'remove', path: '/data/a' }]],
    ['merge patch', (c) => cms(c).patch('x', 'merge', { data: { a: null } }), 'PATCH', '/api/v1/namespaces/default/configmaps/x?fieldManager=kf-test', 'application/merge-patch+json', { data: { a: null } }],
    ['strategic patch of status', (c) => deps(c).patch('web', 'strategic', { status: {} }, { subresource: 'status' }), 'PATCH', '/apis/apps/v1/namespaces/prod/deployments/web/status?fieldManager=kf-test', 'application/strategic-merge-patch+json', { status: {} }],
    ['apply with force', (c) => cms(c).patch('x', 'apply', { data: {} }, { fieldManager: 'me', force: true }), 'PATCH', '/api/v1/namespaces/default/configmaps/x?fieldManager=me&force=true', 'application/apply-patch+yaml', { data: {} }],
    ['force is dropped on non-apply patches', (c) => cms(c).patch('x', 'merge', {}, { force: true }), 'PATCH', '/api/v1/namespaces/default/configmaps/x?fieldManager=kf-test', 'application/merge-patch+json', {}],
    ['delete with options in the body', (c) => cms(c).delete('x', { propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { resourceVersion: '7' } }), 'DELETE', '/api/v1/namespaces/default/configmaps/x', 'application/json', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { resourceVersion: '7' } }],
    ['deleteCollection', (c) => cms(c).deleteCollection({ labelSelector: 'a=b', dryRun: true }), 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=a%3Db', 'application/json', { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] }],
    ['getScale', (c) => deps(c).getScale('web'), 'GET', '/apis/apps/v1/namespaces/prod/deployments/web/scale', undefined],
    ['updateScale', (c) => deps(c).updateScale('web', { spec: { replicas: 3 } }), 'PUT', '/apis/apps/v1/namespaces/prod/deployments/web/scale?fieldManager=kf-test', 'application/json', { spec: { replicas: 3 } }],
    ['bind', (c) => c.resource(PODS).namespace('default').bind('p', { target: { name: 'n1' } }), 'POST', '/api/v1/namespaces/default/pods/p/binding', 'application/json', { apiVersion: 'v1', kind: 'Binding', target: { name: 'n1' }, metadata: { name: 'p' } }],
    ['evict dry-run', (c) => c.resource(PODS).namespace('default').evict('p', {}, { dryRun: true }), 'POST', '/api/v1/namespaces/default/pods/p/eviction?dryRun=All', 'application/json', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'default' } }],
    ['names and namespaces are escaped', (c) => c.resource(CONFIGMAPS).namespace('a b').get('x/y'), 'GET', '/api/v1/namespaces/a%20b/configmaps/x%2Fy', undefined],
    ['unknown kinds are served by URL', (c) => c.resource({ group: 'example.com', version: 'v1', plural: 'widgets' }).namespace('n').get('w'), 'GET', '/apis/example.com/v1/namespaces/n/widgets/w', undefined],
    ['unknown cluster-scoped kinds work without a namespace', (c) => c.resource({ group: 'example.com', version: 'v1', plural: 'gadgets' }).get('g'), 'GET', '/apis/example.com/v1/gadgets/g', undefined],
  ];

  it.each(cases)('%s', async (_name, call, method, path, contentType, body) => {
    const s = stub();
    await call(client(s));
    expect(s.seen).toHaveLength(1);
    const req = s.seen[0]!;
    expect(req.method).toBe(method);
    expect(req.url).toBe(`https://kf.example.dev${path}`);
    expect(req.headers['content-type']).toBe(contentType);
    expect(req.body).toEqual(body);
    expect(req.headers.accept).toBe('application/json');
  });

  it('sends the bearer token when given', async () => {
    const s = stub();
    await client(s, 'sekret').resource(CONFIGMAPS).namespace('default').get('x');
    await client(s).resource(CONFIGMAPS).namespace('default').get('x');
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(['Bearer sekret', undefined]);
  });

  it('requires a namespace for known namespaced kinds before any request', async () => {
    const s = stub();
    await expect(client(s).resource(CONFIGMAPS).get('x')).rejects.toMatchObject({ code: 400 });
    expect(() => client(s).resource({ group: '', version: 'v1', plural: 'nodes' }).namespace('x')).toThrow(ApiError);
    expect(s.seen).toEqual([]);
  });
});

describe('HttpClient errors', () => {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'configmaps "x" already exists',
    reason: 'AlreadyExists',
    details: { name: 'x', kind: 'configmaps' },
    code: 409,
  };

  it.each([
    ['a Status body is taken as is', 409, 'POST', status, 409, 'AlreadyExists', 'configmaps "x" already exists'],
    ['409 without Status on POST', 409, 'POST', '', 409, 'AlreadyExists', 'the server reported a conflict'],
    ['409 without Status on PUT', 409, 'PUT', '', 409, 'Conflict', 'the server reported a conflict'],
    ['404 from a proxy', 404, 'GET', '<html>nope</html>', 404, 'NotFound', 'the server could not find the requested resource'],
    ['401', 401, 'GET', '', 401, 'Unauthorized', 'the server has asked for the client to provide credentials'],
    ['403 keeps the server message', 403, 'GET', 'denied by policy', 403, 'Forbidden', 'denied by policy'],
    ['422', 422, 'POST', '', 422, 'Invalid', 'the server rejected our request due to an error in our request'],
    ['502', 502, 'GET', 'bad gateway', 502, 'InternalError', 'an error on the server ("bad gateway") has prevented the request from succeeding'],
    ['418', 418, 'GET', '', 418, '', 'the server responded with the status code 418 but did not return more information'],
  ] as const)('%s', async (_name, code, method, body, wantCode, reason, message) => {
    const s = stub(code, body);
    const cms = client(s).resource<ConfigMap>(CONFIGMAPS).namespace('default');
    const call = method === 'POST' ? cms.create({ metadata: { name: 'x' } }) : method === 'PUT' ? cms.update({ metadata: { name: 'x' } }) : cms.get('x');
    const err = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: wantCode, reason, message });
    if (typeof body === 'object') expect((err as ApiError).details).toEqual(status.details);
  });
});

describe('HttpClient watch', () => {
  /** A watch response delivered in arbitrary chunks, split mid-line. */
  function streaming(lines: unknown[], chunk = 7) {
    const text = lines.map((l) => JSON.stringify(l) + '\n').join('');
    const seen: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      const bytes = new TextEncoder().encode(text);
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
          c.close();
        },
      });
      return new Response(body, { status: 200 });
    }) as typeof globalThis.fetch;
    return { fetch, seen };
  }

  it('builds the watch URL and parses newline-delimited events split across chunks', async () => {
    const s = streaming([
      { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } },
      { type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '7' } } },
    ]);
    const c = new HttpClient({ server: SERVER, fetch: s.fetch });
    const events = [];
    for await (const e of c.resource(CONFIGMAPS).namespace('default').watch({ resourceVersion: '4', allowWatchBookmarks: true, timeoutSeconds: 30, labelSelector: 'a=b' })) events.push(e.type);
    expect(events).toEqual(['ADDED', 'BOOKMARK', 'DELETED']);
    expect(s.seen).toEqual(['https://kf.example.dev/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=4&labelSelector=a%3Db&allowWatchBookmarks=true&timeoutSeconds=30']);
  });

  it('throws the Status of an ERROR event (410 Expired means relist)', async () => {
    const gone = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (5)', reason: 'Expired', code: 410 };
    const s = streaming([{ type: 'ERROR', object: gone }]);
    const c = new HttpClient({ server: SERVER, fetch: s.fetch });
    const iterate = async () => {
      for await (const _ of c.resource(CONFIGMAPS).namespace('default').watch({ resourceVersion: '1' })) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });
  });
});
