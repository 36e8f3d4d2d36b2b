import { clock } from '../../platform/clock';
import { realClock } from '../../shared/clock/clock';
import type { Env } from '../../platform/env';
import { flowControlStub } from '../../platform/stores';
import { ApiError } from '../../shared/api/errors';
import type { RequestInfo, UserInfo } from '../../shared/auth';
import { classify, FLOW_SCHEMA_UID_HEADER, PRIORITY_LEVEL_UID_HEADER, workEstimate, type Classification, type SeatLease } from '../../shared/flowcontrol';
import { flowConfig, type FlowConfig } from './flow-control-config';
import { objectCount, sampleListCount } from './flow-control-counts';
import { countInIsolate } from './flow-control-metrics';
import { requestUrl } from './http';

/** Seats of a level this isolate holds (shared/flowcontrol/isolate-lease.ts). */
interface Lease extends SeatLease {
  level: string;
  version: string;
  until: number;
  inUse: number;
  released: boolean;
}

/** Where a request was classified and, for a limited level, the seats it holds. */
interface Ticket {
  info: RequestInfo;
  flowSchemaUid: string;
  priorityLevelUid: string;
  level?: string;
  id?: string;
  retryAfter?: number;
  /** Counted in this isolate: exempt, or run on a lease. */
  local?: { schema: string; level: string };
  leased?: { lease: Lease; seats: number };
  /** Leases this request found finished, to hand back once it is answered. */
  retire?: Lease[];
  /** Stops watching for the client hanging up. */
  unlisten?: () => void;
}

const tickets = new WeakMap<Request, Ticket>();
/** The lease this isolate starts requests on, per level. */
const leases = new Map<string, Lease>();

/** A lease no longer started on (ran out, or its level changed) and idle: its seats go back. */
function releaseIfDone(env: Env, lease: Lease): Promise<void> | undefined {
  if (lease.released || lease.inUse > 0) return undefined;
  if (leases.get(lease.level) === lease && clock.wallNow() < lease.until) return undefined;
  lease.released = true;
  if (leases.get(lease.level) === lease) leases.delete(lease.level);
  return flowControlStub(env, lease.level).release(lease.ticket);
}

/**
 * Classifications already made, per configuration snapshot and user (the admin, and a token's user
 * once it authenticated, are one object each). Classification reads the schemas and these
 * attributes only, so a result lives as long as its snapshot (at most 2 s: flow-control-config.ts).
 */
const classifications = new WeakMap<FlowConfig, WeakMap<UserInfo, Map<string, Classification | null>>>();
const MAX_CLASSIFICATIONS = 1000;

function classified(config: FlowConfig, user: UserInfo, info: RequestInfo): Classification | undefined {
  let byUser = classifications.get(config);
  if (!byUser) classifications.set(config, (byUser = new WeakMap()));
  let byKey = byUser.get(user);
  if (!byKey) byUser.set(user, (byKey = new Map()));
  // every field the rules match on: verb, group, resource, subresource and namespace, or the path
  const key = info.isResourceRequest ? `r\0${info.verb}\0${info.apiGroup}\0${info.resource}\0${info.subresource}\0${info.namespace}` : `n\0${info.verb}\0${info.path}\0${info.namespace}`;
  const hit = byKey.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const c = classify(config.ordered, user, info);
  if (byKey.size >= MAX_CLASSIFICATIONS) byKey.clear();
  byKey.set(key, c ?? null);
  return c;
}

/** Upstream's body for a request APF rejects (http.Error in filters/maxinflight.go tooManyRequests). */
const TOO_MANY = 'Too many requests, please try again later.\n';

/**
 * API Priority and Fairness on the request path (the FlowControl seam of auth.ts, after
 * authentication and before authorization): classify by the cached FlowSchemas; an exempt level
 * goes on at once without leaving the isolate; a limited level's Durable Object grants seats now,
 * after a fair wait in its queues, or rejects (429, finished by finishFlowControl).
 */
export async function apfFlowControl(env: Env, user: UserInfo, info: RequestInfo, request?: Request): Promise<void> {
  const config = await flowConfig(env);
  // without the request there is nowhere to keep the seats for their release
  if (!request) return;
  const c = classified(config, user, info);
  const level = c && config.levels.get(c.flowSchema.spec!.priorityLevelConfiguration.name);
  // the mandatory catch-all matches everyone, so this is a configuration being rewritten: let it through
  if (!c || !level) return;
  const ticket: Ticket = { info, flowSchemaUid: c.flowSchema.metadata?.uid ?? '', priorityLevelUid: level.uid };
  tickets.set(request, ticket);
  const schema = c.flowSchema.metadata?.name ?? '';
  if (level.exempt) {
    ticket.local = { schema, level: level.name };
    countInIsolate(schema, level.name, 1);
    return;
  }
  const seats = workEstimate(info, requestUrl(request).searchParams, objectCount(info), level.maxSeats);
  // the fast path: seats this isolate leased while the level was uncontended
  const now = clock.wallNow();
  let lease = leases.get(level.name);
  if (lease && (lease.version !== level.config.version || now >= lease.until)) {
    leases.delete(level.name);
    (ticket.retire ??= []).push(lease);
    lease = undefined;
  }
  if (lease && lease.inUse + seats <= lease.seats) {
    lease.inUse += seats;
    ticket.leased = { lease, seats };
    ticket.local = { schema, level: level.name };
    countInIsolate(schema, level.name, 1);
    return;
  }
  const stub = flowControlStub(env, level.name);
  const id = crypto.randomUUID();
  // a client that hangs up while queued leaves its queue (upstream's `cancelled`); once running, its seats go back
  const onAbort = () => void stub.cancel(id).catch(() => undefined);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  ticket.unlisten = () => request.signal?.removeEventListener('abort', onAbort);
  const r = await stub.acquire({ id, level: level.config, flowSchema: schema, distinguisher: c.distinguisher, seats, wantLease: !lease });
  if (!r.ok) {
    ticket.retryAfter = r.retryAfter;
    throw new ApiError(429, 'TooManyRequests', TOO_MANY.trim());
  }
  ticket.level = level.name;
  ticket.id = r.ticket;
  if (r.lease) {
    const granted: Lease = { ...r.lease, level: level.name, version: level.config.version, until: clock.wallNow() + r.lease.ttlMs, inUse: 0, released: false };
    const other = leases.get(level.name);
    if (other) (ticket.retire ??= []).push(other);
    leases.set(level.name, granted);
    // handed back at the latest once it ran out, if this isolate sends nothing more
    (ticket.retire ??= []).push(granted);
  }
}

/** The response with the classification headers (X-Kubernetes-PF-FlowSchema-UID, -PriorityLevel-UID). */
function withHeaders(response: Response, flowSchemaUid: string, priorityLevelUid: string): Response {
  try {
    response.headers.set(FLOW_SCHEMA_UID_HEADER, flowSchemaUid);
    response.headers.set(PRIORITY_LEVEL_UID_HEADER, priorityLevelUid);
    return response;
  } catch {
    // immutable headers (a response passed through from a fetch): copy it
    const copy = new Response(response.body, response);
    copy.headers.set(FLOW_SCHEMA_UID_HEADER, flowSchemaUid);
    copy.headers.set(PRIORITY_LEVEL_UID_HEADER, priorityLevelUid);
    return copy;
  }
}

/**
 * After the handler answered: frees the request's seats (for a watch this is once the stream is
 * open and its initial events are on their way, as upstream releases a watch after its init), and
 * stamps the classification on the response; a rejected request gets upstream's 429 with Retry-After.
 */
export function finishFlowControl(env: Env, request: Request, response: Response, waitUntil: (p: Promise<unknown>) => void): Response {
  const t = tickets.get(request);
  if (!t) return response;
  tickets.delete(request);
  t.unlisten?.();
  if (t.local) countInIsolate(t.local.schema, t.local.level, -1);
  if (t.level && t.id) waitUntil(flowControlStub(env, t.level).release(t.id));
  if (t.leased) {
    t.leased.lease.inUse -= t.leased.seats;
    const released = releaseIfDone(env, t.leased.lease);
    if (released) waitUntil(released);
  }
  for (const lease of t.retire ?? []) {
    const wait = Math.max(0, lease.until - clock.wallNow());
    waitUntil(realClock.sleep(wait + 10).then(() => releaseIfDone(env, lease)));
  }
  const sample = sampleListCount(t.info, response);
  if (sample) waitUntil(sample);
  if (t.retryAfter !== undefined) {
    const pf = { [FLOW_SCHEMA_UID_HEADER]: t.flowSchemaUid, [PRIORITY_LEVEL_UID_HEADER]: t.priorityLevelUid };
    return new Response(TOO_MANY, {
      status: 429,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'retry-after': String(t.retryAfter), ...pf },
    });
  }
  return withHeaders(response, t.flowSchemaUid, t.priorityLevelUid);
}
