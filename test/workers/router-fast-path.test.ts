// The router's shortcut for object and collection requests (workers/api/router.ts resourceRoute) must land where
// the route table would: for each path, the table's first matching route (tried in order, as itty-router does) is
// the resource route with the same group and version whenever the shortcut takes the path.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { apiRouter, resourceRoute } from '../../workers/api/router';

const router = apiRouter();
const routes = router.routes as unknown as [string, RegExp, unknown[], string][];
const RESOURCE_ROUTES = new Set(['/api/v1/*', '/apis/:group/:version/*']);

/** itty-router's own choice: the first route whose method and pattern match. */
function tableRoute(method: string, pathname: string) {
  for (const [m, re, , path] of routes) {
    const match = (m === method || m === 'ALL') && pathname.match(re);
    if (match) return { path, params: match.groups ?? {} };
  }
  return undefined;
}

const PATHS = [
  '/api/v1/namespaces',
  '/api/v1/namespaces/a',
  '/api/v1/namespaces/a/status',
  '/api/v1/namespaces/a/configmaps',
  '/api/v1/namespaces/a/configmaps/b',
  '/api/v1/namespaces/a/configmaps/b/',
  '/api/v1/namespaces/a/pods/p/log',
  '/api/v1/namespaces/a/pods/p/exec',
  '/api/v1/namespaces/a/pods/p/exec/',
  '/api/v1/namespaces/a/pods/p/attach',
  '/api/v1/namespaces/a/pods/p/portforward',
  '/api/v1/namespaces/a/serviceaccounts/s/token',
  '/api/v1/namespaces/a/serviceaccounts/token',
  '/api/v1/nodes/n/proxy/metrics',
  '/api/v1/watch/pods',
  '/api/v1/pods',
  '/api/v1/',
  '/api/v1',
  '/api/v1//pods',
  '/api/v1x/pods',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/namespaces/a/deployments/d/scale',
  '/apis/apps/v1/',
  '/apis/apps/v1',
  '/apis/apps/v1//deployments',
  '/apis/apps//deployments',
  '/apis//v1/deployments',
  '/apis/apps',
  '/apis/',
  '/apis',
  '/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings',
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
  '/apis/authorization.k8s.io/v1/namespaces/a/localsubjectaccessreviews',
  '/apis/authentication.k8s.io/v1/selfsubjectreviews',
  '/apis/metrics.k8s.io/v1beta1/nodes',
  '/apis/custom.metrics.k8s.io/v1beta2/namespaces/a/pods/*/m',
  '/apis/external.metrics.k8s.io/v1beta1/namespaces/a/m',
  '/apis/kubeflare.dev/v1alpha1/nodepools',
  '/apis/kubeflare.dev/v1alpha1/namespaces/a/podresources/p',
  '/apis/kubeflare.dev/v1alpha1/nodenetworks',
  '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas/exempt',
  '/apis/example.com/v1/namespaces/a/widgets/w/status',
  '/apis/g%2Fh/v1/things',
  '/healthz',
  '/openapi/v2',
  '/webhooks/namespaces/a/b',
  '/',
];

describe('resourceRoute', () => {
  it.each(PATHS.flatMap((p) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, p] as const)))('%s %s: where the route table would send it', (method, path) => {
    const fast = resourceRoute(path);
    if (!fast) return;
    const table = tableRoute(method, path);
    expect(table && RESOURCE_ROUTES.has(table.path)).toBe(true);
    if (table!.path === '/apis/:group/:version/*') expect(table!.params).toEqual({ group: fast.group, version: fast.version });
    else expect(fast).toEqual({ group: '', version: 'v1', skip: 3 });
  });

  it('takes the object and collection paths, leaves the ones with routes of their own to the table', () => {
    expect(resourceRoute('/api/v1/namespaces/a/configmaps')).toEqual({ group: '', version: 'v1', skip: 3 });
    expect(resourceRoute('/apis/apps/v1/namespaces/a/deployments/d')).toEqual({ group: 'apps', version: 'v1', skip: 4 });
    for (const p of ['/api/v1/namespaces/a/pods/p/exec', '/api/v1/namespaces/a/serviceaccounts/s/token', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '/apis/apps/v1', '/api/v1', '/healthz']) {
      expect(resourceRoute(p)).toBeUndefined();
    }
  });

  it('answers through the shortcut as through the table: the guard, the handler, errors as Status', async () => {
    const get = (path: string, init?: RequestInit) => router.fetch(new Request(`http://kubeflare.test${path}`, init), env as never);
    expect((await get('/api/v1/namespaces/default/configmaps')).status).toBe(200);
    const missing = await get('/api/v1/namespaces/default/configmaps/not-there');
    expect(missing.status).toBe(404);
    expect((await missing.json()) as object).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    // the guard runs first: a non-canonical path (the Request resolved `%2e%2e` to a trailing slash) is refused before any handler
    const dotted = await get('/api/v1/namespaces/default/configmaps/%2e%2e');
    expect(dotted.status).toBe(400);
    expect(((await dotted.json()) as { message: string }).message).toContain('may not end in "/"');
    expect((await get('/apis/nosuch.example.com/v1/things')).status).toBe(404);
  });
});
