import { Router, type IRequest } from 'itty-router';
import type { ResourceRegistry } from '../../shared/api/registry';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from '../../shared/apiserver/discovery';
import type { Env } from '../../platform/env';
import { errorResponse, json, readObject, requestUrl, wantsAggregatedDiscovery } from './http';
import { serveOpenApi } from './openapi';
import { serveDashboard } from './dashboard';
import { serveMetrics } from './metrics-api';
import { serveCustomMetrics } from './custom-metrics-api';
import { serveExternalMetrics } from './external-metrics-api';
import { metricsApiGroup, withMetricsApiGroups, withMetricsApiGroupsAggregated } from '../../shared/apiserver/metrics-discovery';
import { serveReview } from './reviews';
import { explainScheduling } from '../../shared/scheduler/explain-scheduling';
import { serveNetworkPath, serveNodeNetwork, serveVmiNetwork } from './network-path';
import { RpcClient } from '../../shared/client';
import { storeStub } from '../../platform/stores';
import { namespaceNames } from '../../platform/namespaces';
import { servePrometheus } from './prometheus-metrics';
import { servePodResources } from './pod-resources-view';
import { checkCanonicalPath, parseResourcePath } from './path';
import { checkAllowedHost } from './allowed-hosts';
import { authGuard } from './auth';
import { serveTokenRequest } from './auth-token-request';
import { serveWebhookDelivery } from './webhook-delivery';
import { withRbacWriteChecks } from './auth-rbac-writes';
import { handleResource } from './resource-handler';
import { versionInfo } from './version';
import { servedResources } from './registry-cache';
import { ApiError } from '../../shared/api/errors';
import { servePodStream } from './pod-exec';


const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discovery(registry: ResourceRegistry, request: Request, legacy: boolean, fallback: () => unknown): Response {
  if (wantsAggregatedDiscovery(request)) {
    const list = aggregatedDiscovery(registry, legacy);
    return new Response(JSON.stringify(legacy ? list : withMetricsApiGroupsAggregated(list)), {
      headers: { 'content-type': AGGREGATED_TYPE, vary: 'Accept' },
    });
  }
  return json(fallback(), 200, { vary: 'Accept' });
}

/** The checks upstream lists under /healthz, /livez and /readyz; each passes when the Worker answers. */
const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiextensions-controllers', 'poststarthook/crd-informer-synced'];

/** `ok`, or with `?verbose` one `[+]check ok` line per check, as upstream's healthz handler prints. */
function health(kind: 'healthz' | 'livez' | 'readyz') {
  return (req: Request) => {
    const url = new URL(req.url);
    const sub = url.pathname.split('/')[2];
    const excluded = new Set(url.searchParams.getAll('exclude'));
    const checks = HEALTH_CHECKS.filter((c) => !excluded.has(c));
    if (sub && !checks.includes(url.pathname.split('/').slice(2).join('/'))) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const text = url.searchParams.has('verbose')
      ? `${checks.map((c) => `[+]${c} ok`).join('\n')}\n${kind} check passed\n`
      : 'ok';
    return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
  };
}

/**
 * Checks every request passes before routing: an allowed Host header, a canonical path, then
 * authentication, impersonation, flow control and authorization (workers/api/auth.ts).
 */
async function guard(req: IRequest, env: Env): Promise<void> {
  checkAllowedHost(req.headers.get('host') ?? new URL(req.url).host, env.ALLOWED_HOSTS);
  checkCanonicalPath(req.url);
  await authGuard(req as unknown as Request, env);
}

/**
 * API groups with routes of their own under /apis/G/V/… (reviews, metrics, Kubeflare's views):
 * their paths always go through the route table.
 */
const GROUPS_WITH_OWN_ROUTES = new Set(['kubeflare.dev', 'authorization.k8s.io', 'authentication.k8s.io', 'metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io']);
/** Last segments of the /api/v1 paths with routes of their own (exec, attach, TokenRequest). */
const CORE_OWN_ROUTES = /\/(exec|attach|token)\/*$/;

/**
 * Where the route table would send a request for an object or a collection, found without trying
 * its routes one by one: `/api/v1/<x>…` and `/apis/<group>/<version>/<x>…`, except the paths
 * that have routes of their own, which are left to the table (undefined). test/workers/router-fast-path.test.ts
 * checks, path by path, that the table's first match is the same resource route.
 */
export function resourceRoute(pathname: string): { group: string; version: string; skip: number } | undefined {
  if (pathname.startsWith('/api/v1/')) {
    if (pathname.length === 8 || pathname.charCodeAt(8) === 0x2f || CORE_OWN_ROUTES.test(pathname)) return undefined;
    return { group: '', version: 'v1', skip: 3 };
  }
  if (!pathname.startsWith('/apis/')) return undefined;
  const groupEnd = pathname.indexOf('/', 6);
  const versionEnd = groupEnd < 0 ? -1 : pathname.indexOf('/', groupEnd + 1);
  // an empty group or version, or nothing after the version: discovery, or the table's own answer
  if (groupEnd <= 6 || versionEnd <= groupEnd + 1 || versionEnd + 1 >= pathname.length || pathname.charCodeAt(versionEnd + 1) === 0x2f) return undefined;
  const group = pathname.slice(6, groupEnd);
  if (GROUPS_WITH_OWN_ROUTES.has(group)) return undefined;
  return { group, version: pathname.slice(groupEnd + 1, versionEnd), skip: 4 };
}

/**
 * The Kubernetes REST API: discovery, health, OpenAPI and every resource path. Object and
 * collection requests (nearly all of them) skip the route table's linear scan of ~50 patterns
 * and its own parse of the URL and query (resourceRoute); the guard and error answers are the same.
 */
export function apiRouter() {
  const table = routeTable();
  return {
    routes: table.routes,
    async fetch(request: Request, env: Env): Promise<Response> {
      const route = resourceRoute(requestUrl(request).pathname);
      if (!route) return table.fetch(request, env);
      const req = request as unknown as IRequest;
      try {
        await guard(req, env);
        return await resource(req, env, route.group, route.version, route.skip);
      } catch (e) {
        return errorResponse(e);
      }
    },
  };
}

function routeTable() {
  const router = Router<IRequest, [Env]>({
    before: [guard],
    catch: errorResponse,
  });
  router
    .get('/', (req) => serveDashboard(req as unknown as Request))
    .get('/dashboard/*', (req) => serveDashboard(req as unknown as Request))
    .get('/version', () => json(versionInfo()))
    .get('/healthz', health('healthz'))
    .get('/livez', health('livez'))
    .get('/readyz', health('readyz'))
    .get('/healthz/*', health('healthz'))
    .get('/livez/*', health('livez'))
    .get('/readyz/*', health('readyz'))
    .get('/api', async (req, env) => {
      const { registry } = await servedResources(env);
      return discovery(registry, req, true, () => apiVersions(new URL(req.url).host));
    })
    .get('/apis', async (req, env) => {
      const { registry } = await servedResources(env, true);
      return discovery(registry, req, false, () => withMetricsApiGroups(apiGroupList(registry)));
    })
    .get('/api/v1', async (_req, env) => json(apiResourceList((await servedResources(env)).registry, '', 'v1')))
    // the metrics APIs list the metrics the workloads declare, not registry kinds
    .get('/apis/custom.metrics.k8s.io', () => json(metricsApiGroup('custom.metrics.k8s.io')))
    .get('/apis/external.metrics.k8s.io', () => json(metricsApiGroup('external.metrics.k8s.io')))
    .get('/apis/custom.metrics.k8s.io/v1beta2', (req, env) => serveCustomMetrics(env, req as unknown as Request))
    .get('/apis/external.metrics.k8s.io/v1beta1', (req, env) => serveExternalMetrics(env, req as unknown as Request))
    .get('/apis/:group', async (req, env) => {
      const { group } = req.params as { group: string };
      const found = apiGroup((await servedResources(env)).registry, group) ?? apiGroup((await servedResources(env, true)).registry, group);
      if (!found) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      return json(found);
    })
    .get('/apis/:group/:version', async (req, env) => {
      const { group, version } = req.params as { group: string; version: string };
      let { registry } = await servedResources(env);
      if (!registry.inGroupVersion(group, version).length) registry = (await servedResources(env, true)).registry;
      if (!registry.inGroupVersion(group, version).length) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      return json(apiResourceList(registry, group, version));
    })
    .get('/openapi/*', async (req, env) => serveOpenApi(req, await servedResources(env, true)))
    .get('/metrics', (_req, env) => servePrometheus(env))
    .post('/apis/kubeflare.dev/v1alpha1/namespaces/:ns/schedulingexplanations', async (req, env) => {
      const client = new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
      const body = await readObject(req as unknown as Request);
      return json(await explainScheduling(client, (req.params as { ns: string }).ns, body, Math.random), 201);
    })
    .post('/apis/kubeflare.dev/v1alpha1/namespaces/:ns/networkpaths', (req, env) => serveNetworkPath(req as unknown as Request, env, (req.params as { ns: string }).ns))
    .get('/apis/kubeflare.dev/v1alpha1/nodenetworks', (req, env) => serveNodeNetwork(req as unknown as Request, env))
    .get('/apis/kubeflare.dev/v1alpha1/nodenetworks/:name', (req, env) => serveNodeNetwork(req as unknown as Request, env, (req.params as { name: string }).name))
    .get('/apis/kubeflare.dev/v1alpha1/namespaces/:ns/podresources/:name', (req, env) => servePodResources(env, (req.params as { ns: string }).ns, (req.params as { name: string }).name))
    .get('/apis/kubeflare.dev/v1alpha1/vminetworks', (req, env) => serveVmiNetwork(req as unknown as Request, env))
    .get('/apis/kubeflare.dev/v1alpha1/namespaces/:ns/vminetworks', (req, env) => serveVmiNetwork(req as unknown as Request, env, (req.params as { ns: string }).ns))
    .get('/apis/kubeflare.dev/v1alpha1/namespaces/:ns/vminetworks/:name', (req, env) => serveVmiNetwork(req as unknown as Request, env, (req.params as { ns: string }).ns, (req.params as { name: string }).name))
    .all('/apis/authorization.k8s.io/v1/:kind', (req, env) => serveReview(req as unknown as Request, env, (req.params as { kind: string }).kind))
    .all('/apis/authorization.k8s.io/v1/namespaces/:ns/:kind', (req, env) => {
      const { ns, kind } = req.params as { ns: string; kind: string };
      return serveReview(req as unknown as Request, env, kind, ns);
    })
    .all('/apis/authentication.k8s.io/v1/:kind', (req, env) => serveReview(req as unknown as Request, env, (req.params as { kind: string }).kind))
    .get('/apis/metrics.k8s.io/v1beta1/*', (req, env) => serveMetrics(env, req as unknown as Request))
    .get('/apis/custom.metrics.k8s.io/v1beta2/*', (req, env) => serveCustomMetrics(env, req as unknown as Request))
    .get('/apis/external.metrics.k8s.io/v1beta1/*', (req, env) => serveExternalMetrics(env, req as unknown as Request))
    .post('/api/v1/namespaces/:ns/serviceaccounts/:name/token', (req, env) => {
      const { ns, name } = req.params as { ns: string; name: string };
      return serveTokenRequest(req as unknown as Request, env, decodeURIComponent(ns), decodeURIComponent(name));
    })
    // signed webhook deliveries to a WebhookTrigger: no bearer token, the signature authenticates
    .post('/webhooks/namespaces/:ns/:name', (req, env) => {
      const { ns, name } = req.params as { ns: string; name: string };
      return serveWebhookDelivery(req as unknown as Request, env, decodeURIComponent(ns), decodeURIComponent(name));
    })
    .all('/api/v1/namespaces/:ns/pods/:name/exec', (req, env) => podStream(req, env, 'exec'))
    .all('/api/v1/namespaces/:ns/pods/:name/attach', (req, env) => podStream(req, env, 'attach'))
    .all('/api/v1/*', (req, env) => resource(req, env, '', 'v1', 3))
    .all('/apis/:group/:version/*', (req, env) => {
      const { group, version } = req.params as { group: string; version: string };
      return resource(req, env, group, version, 4);
    })
    .all('*', () => {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    });
  return router;
}

function podStream(req: IRequest, env: Env, kind: 'exec' | 'attach'): Promise<Response> {
  const { ns, name } = req.params as { ns: string; name: string };
  return servePodStream(env, req as unknown as Request, decodeURIComponent(ns), decodeURIComponent(name), kind);
}

async function resource(req: IRequest, env: Env, group: string, version: string, skip: number): Promise<Response> {
  const segments = requestUrl(req as unknown as Request).pathname.split('/').slice(skip);
  const path = parseResourcePath(group, version, segments);
  if (!path) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  let served = await servedResources(env);
  // a kind this isolate has not seen may be a CRD created a moment ago
  if (!served.registry.lookup(group, version, path.plural)) served = await servedResources(env, true);
  return withRbacWriteChecks(req as unknown as Request, env, path, (r) => handleResource(env, served, r, path));
}
