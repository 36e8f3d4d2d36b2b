import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime, rfc3339Nano } from './time-format';
import type { ContainerBehaviour } from './workload-profile';

/** `kubectl logs` options the simulator honours (PodLogOptions). */
export interface LogOptions {
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  timestamps?: boolean;
  limitBytes?: number;
  /** The previous instance (status.lastState.terminated). */
  previous?: boolean;
}

/** Default log when a profile gives none: one line at start. */
export const DEFAULT_LOG_LINES = ['{container} started on {node} (simulated by kubeflare; no process runs)'];

/** At most this many lines are generated per request, whatever the age of the container. */
const MAX_LINES = 10_000;

/**
 * The simulated log of one container instance at `now`: the profile's lines, cycled every
 * logIntervalSeconds from the instance's start (all at once when the interval is 0), with
 * {n} {pod} {namespace} {container} {node} filled in; then since/tail/limit as kubelet applies
 * them. Undefined when the container has not started (kubectl then reports it is waiting).
 */
export function logLines(pod: Pod, container: string, behaviour: ContainerBehaviour | undefined, now: number, opts: LogOptions = {}): string | undefined {
  const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  const inst = opts.previous ? st?.lastState?.terminated : (st?.state?.running ?? st?.state?.terminated);
  const start = parseTime(inst?.startedAt);
  if (start === undefined) return undefined;
  const end = Math.min(now, parseTime((inst as { finishedAt?: string }).finishedAt) ?? now);
  const lines = behaviour?.logLines?.length ? behaviour.logLines : DEFAULT_LOG_LINES;
  const interval = (behaviour?.logIntervalSeconds ?? 0) * 1000;
  const fill = (l: string, n: number) =>
    l.replace(/\{n\}/g, String(n)).replace(/\{pod\}/g, pod.metadata?.name ?? '').replace(/\{namespace\}/g, pod.metadata?.namespace ?? '')
      .replace(/\{container\}/g, container).replace(/\{node\}/g, pod.spec?.nodeName ?? '');
  const count = interval > 0 ? Math.min(Math.floor((end - start) / interval) + 1, Number.MAX_SAFE_INTEGER) : lines.length;
  const since = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : parseTime(opts.sinceTime);
  const first = Math.max(0, count - MAX_LINES, opts.tailLines !== undefined && since === undefined ? count - opts.tailLines : 0);
  let entries: { at: number; text: string }[] = [];
  for (let n = first; n < count; n++) {
    const at = interval > 0 ? start + n * interval : start;
    if (since !== undefined && at < since) continue;
    entries.push({ at, text: fill(lines[n % lines.length]!, n) });
  }
  if (opts.tailLines !== undefined) entries = entries.slice(Math.max(0, entries.length - opts.tailLines));
  let text = entries.map((e) => (opts.timestamps ? `${rfc3339Nano(e.at)} ${e.text}` : e.text) + '\n').join('');
  if (opts.limitBytes !== undefined) text = text.slice(0, opts.limitBytes);
  return text;
}
