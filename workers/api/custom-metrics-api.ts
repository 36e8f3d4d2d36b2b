import { clock } from '../../platform/clock';
import { ApiError } from '../../shared/api/errors';
import { customMetricsResourceList, customMetricValueList, parseCustomMetricPath } from '../../shared/apiserver/custom-metrics';
import { readPoolView, viewDemandInputs } from '../../shared/controllers/hpa/metrics-from-pool';
import { clusterClient } from '../../platform/cluster-client';
import type { Env } from '../../platform/env';
import { json } from './http';

/**
 * custom.metrics.k8s.io/v1beta2, as prometheus-adapter serves it, computed at request time from the
 * simulated workloads (the per-pod metrics their WorkloadProfiles and annotations declare): the
 * group version's resource list, `namespaces/{ns}/pods/{name|*}/{metric}` and
 * `namespaces/{ns}/metrics/{metric}`. The HPA controller reads the same numbers through `poolMetrics`.
 */
export async function serveCustomMetrics(env: Env, request: Request): Promise<Response> {
  if (request.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const url = new URL(request.url);
  const segments = url.pathname.split('/').slice(4).filter(Boolean).map(decodeURIComponent);
  const client = clusterClient(env);
  const now = clock.now();
  if (segments.length === 0) return json(customMetricsResourceList(viewDemandInputs(await readPoolView(client, undefined, now))));
  const req = parseCustomMetricPath(segments, url.searchParams);
  if (!req) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  return json(customMetricValueList(req, viewDemandInputs(await readPoolView(client, req.namespace, now)), now));
}
