import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDemandInput } from './cluster-usage';
import { demandValue, requestShare } from './demand';
import { parseTime } from './time-format';
import type { WorkloadProfile } from './workload-profile';

/** One pod's value of a custom metric at an instant, in milli-units. */
export interface PodMetricSample {
  pod: Pod;
  milli: number;
}

/** One external metric series at an instant, in milli-units. */
export interface ExternalMetricSample {
  name: string;
  labels: Record<string, string>;
  milli: number;
}

const toMilli = (v: number) => Math.round(v * 1000);

/**
 * The value of the per-pod custom metric `metric` for every running pod that declares it
 * (WorkloadProfile `podMetrics` or a `kubeflare.dev/metric.<name>` annotation), computed from the
 * same inputs as the pod's CPU: `requestsPerSecond` is exactly the share of load its CPU is charged for.
 * @example podMetricSamples(podDemandInputs(pods, profiles, now), 'http_requests_per_second')
 */
export function podMetricSamples(inputs: readonly PodDemandInput[], metric: string): PodMetricSample[] {
  const out: PodMetricSample[] = [];
  for (const { pod, profile, ctx } of inputs) {
    const src = profile.podMetrics?.[metric];
    if (!src) continue;
    if ('from' in src) {
      out.push({ pod, milli: toMilli(requestShare(profile, ctx)) });
      continue;
    }
    // a pod-level curve runs on the clock of the pod's first running container
    const started = Object.values(ctx.startedAtMs)[0] ?? ctx.now;
    out.push({ pod, milli: toMilli(demandValue(src.value, 'number', ctx.now, started)) });
  }
  return out;
}

/** The per-pod custom metrics declared by these pods, sorted. */
export function podMetricNames(inputs: readonly PodDemandInput[]): string[] {
  const names = new Set<string>();
  for (const { profile } of inputs) for (const n of Object.keys(profile.podMetrics ?? {})) names.add(n);
  return [...names].sort();
}

/**
 * Every external metric series the profiles declare at `now`; a series' time starts when its
 * profile was created (so a `step` or `trace` is a load curve the user starts by creating it).
 */
export function externalMetricSamples(profiles: readonly WorkloadProfile[], now: number): ExternalMetricSample[] {
  const out: ExternalMetricSample[] = [];
  for (const p of profiles) {
    const created = parseTime(p.metadata?.creationTimestamp) ?? now;
    for (const [name, src] of Object.entries(p.spec?.externalMetrics ?? {})) {
      out.push({ name, labels: src.labels ?? {}, milli: toMilli(demandValue(src.value, 'number', now, created)) });
    }
  }
  return out;
}
