import { clock } from '../../platform/clock';
import { ApiError } from '../../shared/api/errors';
import { externalMetricsResourceList, externalMetricValueList } from '../../shared/apiserver/external-metrics';
import { externalMetricSamples } from '../../shared/nodes/workload-metrics';
import type { WorkloadProfile } from '../../shared/nodes/workload-profile';
import { clusterClient } from '../../platform/cluster-client';
import type { Env } from '../../platform/env';
import { json } from './http';
import { WORKLOAD_PROFILES } from '../../shared/api/resource-refs';

/**
 * external.metrics.k8s.io/v1beta1, computed at request time from the external metrics the
 * WorkloadProfiles declare: the group version's resource list and
 * `namespaces/{ns}/{metric}?labelSelector=…`. The HPA controller reads the same series through `poolMetrics`.
 */
export async function serveExternalMetrics(env: Env, request: Request): Promise<Response> {
  if (request.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const url = new URL(request.url);
  const segments = url.pathname.split('/').slice(4).filter(Boolean).map(decodeURIComponent);
  const client = clusterClient(env);
  const now = clock.now();
  const profiles = client.resource<WorkloadProfile>(WORKLOAD_PROFILES);
  if (segments.length === 0) return json(externalMetricsResourceList(externalMetricSamples((await profiles.list()).items, now)));
  if (segments.length !== 3 || segments[0] !== 'namespaces') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const samples = externalMetricSamples((await profiles.namespace(segments[1]!).list()).items, now);
  return json(externalMetricValueList(segments[2]!, url.searchParams.get('labelSelector') ?? undefined, samples, now));
}
