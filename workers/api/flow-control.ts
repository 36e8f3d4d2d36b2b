import type { Env } from '../../platform/env';
import { flowControlStub } from '../../platform/stores';
import { ApiError } from '../../shared/api/errors';
import type { RequestInfo, UserInfo } from '../../shared/auth';
import { classify, FLOW_SCHEMA_UID_HEADER, PRIORITY_LEVEL_UID_HEADER, workEstimate } from '../../shared/flowcontrol';
import { flowConfig } from './flow-control-config';
import { objectCount, sampleListCount } from './flow-control-counts';
import { countExempt } from './flow-control-metrics';

/** Where a request was classified and, for a limited level, the seats it holds. */
interface Ticket {
  info: RequestInfo;
  flowSchemaUid: string;
  priorityLevelUid: string;
  level?: string;
  id?: string;
  retryAfter?: number;
  exempt?: { schema: string; level: string };
}

const tickets = new WeakMap<Request, Ticket>();

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
  const c = classify(config.ordered, user, info);
  const level = c && config.levels.get(c.flowSchema.spec!.priorityLevelConfiguration.name);
  // the mandatory catch-all matches everyone, so this is a configuration being rewritten: let it through
  if (!c || !level) return;
  const ticket: Ticket = { info, flowSchemaUid: c.flowSchema.metadata?.uid ?? '', priorityLevelUid: level.uid };
  tickets.set(request, ticket);
  if (level.exempt) {
    ticket.exempt = { schema: c.flowSchema.metadata?.name ?? '', level: level.name };
    countExempt(ticket.exempt.schema, level.name, 1);
    return;
  }
  const seats = workEstimate(info, new URL(request.url).searchParams, objectCount(info), level.maxSeats);
  const r = await flowControlStub(env, level.name).acquire({ level: level.config, flowSchema: c.flowSchema.metadata?.name ?? '', distinguisher: c.distinguisher, seats });
  if (!r.ok) {
    ticket.retryAfter = r.retryAfter;
    throw new ApiError(429, 'TooManyRequests', TOO_MANY.trim());
  }
  ticket.level = level.name;
  ticket.id = r.ticket;
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    return response;
  } catch {
    // immutable headers (a response passed through from a fetch): copy it
    const copy = new Response(response.body, response);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
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
  if (t.exempt) countExempt(t.exempt.schema, t.exempt.level, -1);
  if (t.level && t.id) waitUntil(flowControlStub(env, t.level).release(t.id));
  const sample = sampleListCount(t.info, response);
  if (sample) waitUntil(sample);
  const pf = { [FLOW_SCHEMA_UID_HEADER]: t.flowSchemaUid, [PRIORITY_LEVEL_UID_HEADER]: t.priorityLevelUid };
  if (t.retryAfter !== undefined) {
    return new Response(TOO_MANY, {
      status: 429,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'retry-after': String(t.retryAfter), ...pf },
    });
  }
  return withHeaders(response, pf);
}
