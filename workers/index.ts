import { apiRouter } from './api/router';
import type { Env } from '../platform/env';
import { log, setLogLevel } from '../platform/log';
import { clock, syncedClock } from '../platform/clock';
import { countRequest } from './api/prometheus-metrics';
import { queryBool } from './api/query';
import { setFlowControl } from './api/auth';
import { apfFlowControl, finishFlowControl } from './api/flow-control';
import { requestUrl } from './api/http';

/** The request's verb as upstream's metrics name it. */
function verbOf(method: string, url: URL): string {
  if (method === 'GET' && url.search !== '') return queryBool(url.searchParams.getAll('watch')) ? 'WATCH' : 'GET';
  return method;
}

/** The resource segment of an API path (`pods`, `deployments`), or the path itself for non-resource URLs. */
function resourceOf(path: string): string {
  const s = path.split('/').filter(Boolean);
  const rest = s[0] === 'api' ? s.slice(2) : s[0] === 'apis' ? s.slice(3) : undefined;
  if (!rest || rest.length === 0) return path;
  return rest[0] === 'namespaces' && rest.length >= 3 ? rest[2]! : rest[0]!;
}

export { ObjectStore } from '../durable-objects/object-store';
export { ControllerHost } from '../durable-objects/controllers/controller-host';
export { FlowControlLevel } from '../durable-objects/flow-control/flow-control-level';

const router = apiRouter();
setFlowControl(apfFlowControl);

export default {
  async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
    setLogLevel(env.LOG_LEVEL);
    const started = clock.wallNow();
    // tables (AGE), metrics and logs read cluster time: refresh this isolate's copy (at most one RPC a
    // second, in the background once the isolate has a copy)
    await syncedClock(env, ctx && ((p) => ctx.waitUntil(p)));
    // APF: release the request's seats and stamp its classification (X-Kubernetes-PF-*) once it is answered
    const response = finishFlowControl(env, request, await router.fetch(request, env), (p) => (ctx ? ctx.waitUntil(p) : void p.catch(() => undefined)));
    const url = requestUrl(request);
    countRequest(verbOf(request.method, url), resourceOf(url.pathname), response.status);
    log.info('request', {
      method: request.method,
      path: url.pathname,
      query: url.search || undefined,
      status: response.status,
      ms: clock.wallNow() - started,
    });
    return response;
  },
} satisfies ExportedHandler<Env>;
