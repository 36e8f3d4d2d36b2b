import type { Env } from '../../platform/env';
import { flowControlStub } from '../../platform/stores';
import type { LevelMetrics } from '../../shared/flowcontrol';
import { flowConfig } from './flow-control-config';

interface LocalCount {
  schema: string;
  level: string;
  executing: number;
  dispatched: number;
}

/**
 * Requests that never reach a level's Durable Object — the exempt level's, and those run on seats
 * this isolate leased — are counted here, per flow schema and level.
 */
const local: LocalCount[] = [];
/** The same rows by schema, then level (every request counts twice: no key string built per request). */
const bySchema = new Map<string, Map<string, LocalCount>>();

/** +1 when such a request starts, −1 when it finishes. */
export function countInIsolate(schema: string, level: string, delta: 1 | -1): void {
  let levels = bySchema.get(schema);
  if (!levels) bySchema.set(schema, (levels = new Map()));
  let e = levels.get(level);
  if (!e) {
    e = { schema, level, executing: 0, dispatched: 0 };
    levels.set(level, e);
    local.push(e);
  }
  e.executing += delta;
  if (delta > 0) e.dispatched++;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** One family; rows with the same labels (a level's object and this isolate both counting a schema) are summed. */
function family(name: string, type: 'gauge' | 'counter', help: string, rows: [Record<string, string>, number][]): string {
  const summed = new Map<string, number>();
  for (const [labels, v] of rows) {
    const key = Object.entries(labels).map(([k, x]) => `${k}="${esc(x)}"`).join(',');
    summed.set(key, (summed.get(key) ?? 0) + v);
  }
  const lines = [...summed].map(([labels, v]) => `${name}{${labels}} ${v}`);
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines].join('\n');
}

/**
 * The apiserver_flowcontrol_* families: limits from the configuration, gauges and counters from
 * each limited level's Durable Object (shared by every isolate), exempt and leased requests from this isolate.
 */
export async function flowControlMetrics(env: Env): Promise<string> {
  const config = await flowConfig(env);
  const levels = [...config.levels.values()];
  const limited = levels.filter((l) => !l.exempt);
  const snapshots: LevelMetrics[] = await Promise.all(limited.map((l) => flowControlStub(env, l.name).metrics()));
  const per = (pick: (s: LevelMetrics['perSchema'][string]) => number) =>
    snapshots.flatMap((m, i) => Object.entries(m.perSchema).map(([fs, s]) => [{ flow_schema: fs, priority_level: limited[i]!.name }, pick(s)] as [Record<string, string>, number]));
  const ex = local.map((e) => ({ labels: { flow_schema: e.schema, priority_level: e.level }, e }));
  const rejected = snapshots.flatMap((m, i) =>
    Object.entries(m.perSchema).flatMap(([fs, s]) => Object.entries(s.rejected).map(([reason, n]) => [{ flow_schema: fs, priority_level: limited[i]!.name, reason }, n ?? 0] as [Record<string, string>, number])),
  );
  const limit = (pick: (l: (typeof levels)[number]) => number) => levels.map((l) => [{ priority_level: l.name }, pick(l)] as [Record<string, string>, number]);
  return [
    family('apiserver_flowcontrol_nominal_limit_seats', 'gauge', '[BETA] Nominal number of execution seats configured for each priority level', limit((l) => l.limits.nominalCL)),
    family('apiserver_flowcontrol_current_limit_seats', 'gauge', '[ALPHA] current derived number of execution seats available to each priority level', limit((l) => (l.exempt ? l.limits.nominalCL : l.config.concurrencyLimit))),
    family('apiserver_flowcontrol_lower_limit_seats', 'gauge', '[ALPHA] Configured lower bound on number of execution seats available to each priority level', limit((l) => l.limits.lowerLimit)),
    family('apiserver_flowcontrol_upper_limit_seats', 'gauge', '[ALPHA] Configured upper bound on number of execution seats available to each priority level', limit((l) => l.limits.upperLimit)),
    family('apiserver_flowcontrol_current_inqueue_requests', 'gauge', '[BETA] Number of requests currently pending in queues of the API Priority and Fairness subsystem', per((s) => s.waiting)),
    family('apiserver_flowcontrol_current_executing_requests', 'gauge', '[BETA] Number of requests in initial (for a WATCH) or any (for a non-WATCH) execution stage in the API Priority and Fairness subsystem', [
      ...per((s) => s.executing),
      ...ex.map(({ labels, e }) => [labels, e.executing] as [Record<string, string>, number]),
    ]),
    family('apiserver_flowcontrol_current_executing_seats', 'gauge', '[BETA] Concurrency (number of seats) occupied by the currently executing (initial stage for a WATCH, any stage otherwise) requests in the API Priority and Fairness subsystem', per((s) => s.executingSeats)),
    family('apiserver_flowcontrol_dispatched_requests_total', 'counter', '[BETA] Number of requests executed by API Priority and Fairness subsystem', [
      ...per((s) => s.dispatched),
      ...ex.map(({ labels, e }) => [labels, e.dispatched] as [Record<string, string>, number]),
    ]),
    family('apiserver_flowcontrol_rejected_requests_total', 'counter', '[BETA] Number of requests rejected by API Priority and Fairness subsystem', rejected),
    family('apiserver_flowcontrol_request_wait_duration_seconds_sum', 'counter', '[BETA] Total time requests spent waiting in their queues (the sum of upstream\'s histogram)', per((s) => s.waitSeconds)),
  ].join('\n');
}
