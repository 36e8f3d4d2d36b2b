import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime, rfc3339Nano } from './time-format';
import type { ContainerBehaviour } from './workload-profile';
import { simulateCommand, type MountedKey, type SimulatedProcess } from './container-command';
import { podContainer, podContainerStatus } from './pod-containers';

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
export function logLines(
  pod: Pod,
  container: string,
  behaviour: ContainerBehaviour | undefined,
  now: number,
  opts: LogOptions = {},
  /** The content of ConfigMap keys the container's command reads with `cat` (see `commandFiles`). */
  files: (file: MountedKey) => string | undefined = () => undefined,
): string | undefined {
  const st = podContainerStatus(pod, container);
  const inst = opts.previous ? st?.lastState?.terminated : (st?.state?.running ?? st?.state?.terminated);
  const start = parseTime(inst?.startedAt);
  if (start === undefined) return undefined;
  const end = Math.min(now, parseTime((inst as { finishedAt?: string }).finishedAt) ?? now);
  const spec = podContainer(pod, container);
  const proc = spec ? simulateCommand(pod, spec) : undefined;
  if (proc) return render(processEntries(proc, start, end, files), now, opts);
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
  return render(entries, now, { ...opts, sinceSeconds: undefined, sinceTime: undefined });
}

/** since, tail, timestamps and limitBytes over timed log lines, as the kubelet applies them. */
function render(entries: { at: number; text: string }[], now: number, opts: LogOptions): string {
  const since = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : parseTime(opts.sinceTime);
  let kept = since === undefined ? entries : entries.filter((e) => e.at >= since);
  if (opts.tailLines !== undefined) kept = kept.slice(Math.max(0, kept.length - opts.tailLines));
  let text = kept.map((e) => (opts.timestamps ? `${rfc3339Nano(e.at)} ${e.text}` : e.text) + '\n').join('');
  if (opts.limitBytes !== undefined) text = text.slice(0, opts.limitBytes);
  return text;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** busybox `date` in UTC: `Wed Jan  1 00:00:00 UTC 2025`. */
export function busyboxDate(ms: number): string {
  const d = new Date(ms);
  const hms = d.toISOString().slice(11, 19);
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} UTC ${d.getUTCFullYear()}`;
}

/** The lines a simulated command has written between its start and `end`. */
function processEntries(proc: SimulatedProcess, start: number, end: number, files: (file: MountedKey) => string | undefined): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (const o of proc.output) {
    const at = start + o.atSeconds * 1000;
    if (at > end) break;
    if ('text' in o) out.push({ at, text: o.text });
    else if ('date' in o) out.push({ at, text: busyboxDate(at) });
    else {
      const content = files(o.file) ?? '';
      const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
      if (content !== '') out.push(...lines.map((text) => ({ at, text })));
    }
  }
  return out;
}
