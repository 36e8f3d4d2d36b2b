import { clock } from '../../platform/clock';
import type { RequestInfo } from '../../shared/auth';

/**
 * Object counts per resource for LIST seat estimates (upstream's ObjectCountTracker, which polls
 * etcd). Kubeflare's stores keep no count, so each isolate samples the lists it serves: at most
 * one list response per resource every SAMPLE_MS is parsed after it was sent. A namespaced list
 * gives that namespace's count, a smaller figure than upstream's all-namespaces one; a resource
 * never listed here has no count and its lists take the minimum seats, as upstream's unknown ones.
 */
const SAMPLE_MS = 10_000;
const counts = new Map<string, { count: number; at: number }>();

const keyOf = (info: RequestInfo) => `${info.apiGroup}/${info.resource}`;

/** The last sampled count of the listed resource, or undefined. */
export function objectCount(info: RequestInfo): number | undefined {
  return counts.get(keyOf(info))?.count;
}

/** Samples a served list's item count when this resource's sample is due (the work runs after the response). */
export function sampleListCount(info: RequestInfo, response: Response): Promise<void> | undefined {
  if (info.verb !== 'list' || !info.isResourceRequest || response.status !== 200 || !response.body) return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  const key = keyOf(info);
  const now = clock.wallNow();
  const last = counts.get(key);
  if (last && now - last.at < SAMPLE_MS) return undefined;
  counts.set(key, { count: last?.count ?? 0, at: now });
  return response
    .clone()
    .json()
    .then((body) => {
      const b = body as { items?: unknown[]; rows?: unknown[] };
      const n = (b.items ?? b.rows)?.length;
      if (typeof n === 'number') counts.set(key, { count: n, at: now });
    })
    .catch(() => undefined);
}
