import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../../platform/stores';
import { ApiError } from '../../shared/api/errors';
import type { Json } from '../../shared/api/object';
import { BUILTIN_RESOURCES, parseApiVersion } from '../../shared/api/registry';
import { serviceAccountUser, unauthorized } from '../../shared/auth';
import {
  base64ToBytes,
  DELIVERY_REASONS,
  MAX_DELIVERY_ID_LENGTH,
  planActions,
  verifyDelivery,
  type DeliveryOutcome,
  type DeliveryReason,
  type WebhookDeliveryStore,
  type WebhookTrigger,
} from '../../shared/webhooks';
import { json } from './http';
import { checkJsonDepth } from '../../shared/apiserver/json-body';
import { servedResources } from './registry-cache';
import { dryRunOperations, forbiddenOperation, runOperations } from './webhook-actions';
import { recordDelivery } from './webhook-record';
import { WEBHOOK_TRIGGER_DEF } from '../../shared/api/resource-defs';

/** The largest delivery body taken (GitHub caps its payloads at 25 MB; ours act on a few values). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;

const def = (group: string, kind: string) => BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
const NAMESPACES = def('', 'Namespace');
const SECRETS = def('', 'Secret');
const SERVICE_ACCOUNTS = def('', 'ServiceAccount');
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The answer, and the Retry-After of a rate-limited one. */
type Result = DeliveryOutcome & { retryAfterSeconds?: number };

const refuse = (reason: keyof typeof DELIVERY_REASONS, message: string, id?: string): Result => ({ id, result: 'Rejected', reason, code: DELIVERY_REASONS[reason], message });

/**
 * POST /webhooks/namespaces/{namespace}/{name}: a delivery to a WebhookTrigger. No bearer token:
 * the signature is the authentication, so an unknown trigger is the same opaque 401 as a bad
 * signature (names cannot be probed). Every delivery to a trigger is recorded on it, accepted or
 * not; a refused one changes nothing else.
 */
export async function serveWebhookDelivery(request: Request, env: Env, namespace: string, name: string): Promise<Response> {
  // checked before any store is touched: a made-up namespace must not bring a store into being
  if (!DNS_LABEL.test(namespace) || !DNS_SUBDOMAIN.test(name)) throw unauthorized();
  const ns = await storeStub(env, CLUSTER_STORE).get(NAMESPACES, namespace);
  if (!ns.ok) throw unauthorized();
  const got = await storeStub(env, namespaceStore(namespace)).get(WEBHOOK_TRIGGER_DEF, name);
  if (!got.ok || got.value.metadata.deletionTimestamp) throw unauthorized();
  const trigger = got.value as unknown as WebhookTrigger;
  const outcome = await deliver(env, trigger, request);
  await recordDelivery(env, trigger, outcome);
  return respond(outcome);
}

async function deliver(env: Env, trigger: WebhookTrigger, request: Request): Promise<Result> {
  const { namespace } = trigger.metadata;
  const { spec } = trigger;
  const body = await readLimited(request, MAX_DELIVERY_BYTES);
  if (!body) return refuse('TooLarge', `the body is over ${MAX_DELIVERY_BYTES} bytes`);
  const store = storeStub(env, namespaceStore(namespace));

  const secret = await store.get(SECRETS, spec.secretRef.name);
  const encoded = secret.ok ? (secret.value as { data?: Record<string, string> }).data?.[spec.secretRef.key] : undefined;
  const key = encoded === undefined ? undefined : base64ToBytes(encoded);
  if (!key) return refuse('SecretNotFound', `secret ${JSON.stringify(spec.secretRef.name)} has no key ${JSON.stringify(spec.secretRef.key)}`);
  const check = await verifyDelivery(crypto.subtle, spec.signature, key, request.headers, body, Math.floor(clock.wallNow() / 1000));
  if (!check.ok) return refuse(check.reason, SIGNATURE_MESSAGES[check.reason]);

  const id = check.deliveryId;
  if (!id) return refuse('MissingDeliveryId', 'the X-GitHub-Delivery header is required: it is what replays are recognised by');
  if (id.length > MAX_DELIVERY_ID_LENGTH) return refuse('MissingDeliveryId', `the delivery id is longer than ${MAX_DELIVERY_ID_LENGTH} characters`);
  let payload: Json;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
    checkJsonDepth(text);
    payload = JSON.parse(text) as Json;
  } catch (e) {
    return refuse('Malformed', `the body is not JSON: ${e instanceof Error ? e.message : String(e)}`, id);
  }

  const { registry } = await servedResources(env);
  const plan = planActions(trigger, payload, (apiVersion, kind) => {
    const gv = parseApiVersion(apiVersion);
    const d = registry.byKind(gv.group, kind);
    return d?.versions.includes(gv.version) ? d : undefined;
  });
  if (!plan.ok) return refuse(plan.code === 400 ? 'BadPayload' : 'InvalidAction', `${plan.field}: ${plan.message}`, id);

  const sa = await store.get(SERVICE_ACCOUNTS, spec.serviceAccountName);
  if (!sa.ok || sa.value.metadata.deletionTimestamp) return refuse('ServiceAccountNotFound', `serviceaccount ${JSON.stringify(spec.serviceAccountName)} not found`, id);
  const user = serviceAccountUser({ namespace, name: spec.serviceAccountName, uid: sa.value.metadata.uid ?? '' });
  const forbidden = await forbiddenOperation(env, user, plan.operations);
  if (forbidden) return { ...forbidden, id };
  const rejected = await dryRunOperations(env, trigger.metadata.name, plan.operations);
  if (rejected) return { ...rejected, id };

  // only a delivery that would succeed spends its id and a token
  const claim = await (store as unknown as WebhookDeliveryStore).claimWebhookDelivery({ trigger: trigger.metadata.uid ?? trigger.metadata.name, deliveryId: id, rateLimit: spec.rateLimit });
  if (!claim.ok && claim.reason === 'Replayed') return refuse('Replayed', `delivery ${JSON.stringify(id)} was already received`, id);
  if (!claim.ok && claim.reason === 'RateLimited') return { ...refuse('RateLimited', `over the trigger's rate limit; retry after ${claim.retryAfterSeconds}s`, id), retryAfterSeconds: claim.retryAfterSeconds };
  return { ...(await runOperations(env, trigger.metadata.name, plan.operations)), id };
}

/** What each verification failure is recorded as (the sender gets `Unauthorized`, nothing more). */
const SIGNATURE_MESSAGES = {
  Unsigned: 'no signature headers',
  BadSignature: 'the signature does not match',
  Stale: 'webhook-timestamp is more than 5 minutes from now',
  BadSecret: 'the secret is not a whsec_ base64 key',
} as const;

/** The body, or undefined as soon as it is over `limit` bytes (a declared length over it is not read at all). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (Number(request.headers.get('content-length') ?? '0') > limit) return undefined;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const STATUS_REASONS: Record<number, ConstructorParameters<typeof ApiError>[1]> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  422: 'Invalid',
  429: 'TooManyRequests',
};

/** The sender's answer: 200 with what was done, or a Status; every 401 is the same word. */
function respond(r: Result): Response {
  if (r.result === 'Delivered') return json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200, message: r.message });
  if (r.code === 401) throw unauthorized();
  const details = r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : undefined;
  const status = new ApiError(r.code, STATUS_REASONS[r.code] ?? 'InternalError', r.message, details).toStatus();
  return json(status, r.code, r.retryAfterSeconds ? { 'retry-after': String(r.retryAfterSeconds) } : {});
}

/** A delivery's path, which the auth guard lets through without a token (its handler verifies the signature). */
export function isWebhookDeliveryPath(method: string, path: string): boolean {
  return method === 'POST' && /^\/webhooks\/namespaces\/[^/]+\/[^/]+$/.test(path);
}
