import { isPlainObject, type Json, type JsonObject } from '../api/object';
import { parseApiVersion, resourceKey, type ResourceDef } from '../api/registry';
import { parseGoDuration } from '../clock/go-duration';
import { renderTemplate } from './payload-template';
import { ACTION_TYPES, type ActionType, type WebhookAction, type WebhookTrigger } from './webhook-trigger';

/**
 * Every action is one PATCH (merge, or server-side apply), so authorizing it is one RBAC check of
 * verb `patch` on its resource and subresource, and running it is one store call.
 */
export interface WebhookOperation {
  /** The action's field path, `spec.actions[0].scale`. */
  field: string;
  /** What it does, for Events and the answer: `scale deployments.apps/web to 3`. */
  description: string;
  def: ResourceDef;
  /** The API version the action names (patches are made in it). */
  version: string;
  /** '' for a cluster-scoped kind. */
  namespace: string;
  name: string;
  subresource: '' | 'scale';
  patchType: 'merge' | 'apply';
  patch: Json;
  force?: boolean;
}

/** 400: the payload lacks or mistypes a value; 422: the trigger asks for something that cannot be done. */
export interface PlanError {
  code: 400 | 422;
  field: string;
  message: string;
}

export type Plan = { ok: true; operations: WebhookOperation[] } | ({ ok: false } & PlanError);

/** Finds the served kind an action names (the served registry, custom kinds included). */
export type ResolveKind = (apiVersion: string, kind: string) => ResourceDef | undefined;

/** The NodePool fault switches a nodeFault action may set (shared/nodes). */
export const NODE_FAULTS = ['stopHeartbeat', 'notReady', 'memoryPressure', 'diskPressure', 'pidPressure'];

/** Demand fields other than a constant's: cleared so a constant load replaces any curve. */
const OTHER_DEMAND_FIELDS = ['steps', 'base', 'amplitude', 'periodSeconds', 'phaseSeconds', 'points', 'interpolation', 'repeat', 'clock'];

class PlanFailure extends Error {
  constructor(readonly error: PlanError) {
    super(error.message);
  }
}
const payloadError = (field: string, message: string) => new PlanFailure({ code: 400, field, message });
const configError = (field: string, message: string) => new PlanFailure({ code: 422, field, message });

/** The one action type set in an action, or undefined when none or several are. */
export function actionType(action: unknown): ActionType | undefined {
  if (!isPlainObject(action)) return undefined;
  const set = ACTION_TYPES.filter((t) => action[t] !== undefined);
  return set.length === 1 ? set[0] : undefined;
}

/**
 * The operations a delivery's payload asks of a trigger, in order, with every expression
 * replaced by the payload's value and every value checked: nothing runs unless all are sound.
 */
export function planActions(trigger: WebhookTrigger, payload: Json, resolve: ResolveKind): Plan {
  try {
    const operations = trigger.spec.actions.map((action, i) => planAction(trigger, action, i, payload, resolve));
    return { ok: true, operations };
  } catch (e) {
    if (e instanceof PlanFailure) return { ok: false, ...e.error };
    throw e;
  }
}

function planAction(trigger: WebhookTrigger, action: WebhookAction, i: number, payload: Json, resolve: ResolveKind): WebhookOperation {
  const type = actionType(action);
  if (!type) throw configError(`spec.actions[${i}]`, `exactly one of ${ACTION_TYPES.join(', ')} must be set`);
  const field = `spec.actions[${i}].${type}`;
  const rendered = renderTemplate(action[type] as unknown as Json, payload, field);
  if (!rendered.ok) throw payloadError(rendered.field, rendered.message);
  const body = rendered.value as JsonObject;
  const ns = trigger.metadata.namespace;
  const kubeflare = (kind: string): Kind => {
    const def = resolve('kubeflare.dev/v1alpha1', kind);
    if (!def) throw configError(field, `kubeflare.dev/v1alpha1 ${kind} is not served`);
    return { def, version: 'v1alpha1' };
  };
  switch (type) {
    case 'scale': {
      const { kind, name } = target(body, field, resolve);
      if (!kind.def.subresources.includes('scale')) throw configError(`${field}.target.kind`, `${kind.def.kind} has no scale subresource`);
      const replicas = toCount(body['replicas'], `${field}.replicas`);
      return op(field, `scale ${key(kind)}/${name} to ${replicas}`, kind, ns, name, { spec: { replicas } }, 'scale');
    }
    case 'patch': {
      const { kind, name } = target(body, field, resolve);
      if (!isPlainObject(body['patch'])) throw payloadError(`${field}.patch`, 'must be an object (a JSON merge patch)');
      return op(field, `patch ${key(kind)}/${name}`, kind, ns, name, body['patch'] as Json);
    }
    case 'apply':
      return planApply(body, field, ns, resolve);
    case 'setLoad': {
      const name = toName(body['profile'], `${field}.profile`);
      const rps = toAmount(body['requestsPerSecond'], `${field}.requestsPerSecond`);
      const demand: JsonObject = { type: 'constant', value: rps, ...Object.fromEntries(OTHER_DEMAND_FIELDS.map((f) => [f, null])) };
      return op(field, `set workloadprofiles.kubeflare.dev/${name} load to ${rps} requests/s`, kubeflare('WorkloadProfile'), ns, name, { spec: { load: { requestsPerSecond: demand } } });
    }
    case 'nodeFault': {
      const pool = toName(body['pool'], `${field}.pool`);
      const node = body['node'] === undefined || body['node'] === null || body['node'] === '' ? undefined : toName(body['node'], `${field}.node`);
      const faults = toFaults(body['faults'], `${field}.faults`);
      const spec: JsonObject = node ? { nodeFaults: { [node]: faults } } : { faults };
      const which = Object.entries(faults).map(([k, v]) => `${k}=${v}`).join(', ');
      return op(field, `set faults of nodepools.kubeflare.dev/${pool}${node ? ` node ${node}` : ''}: ${which}`, kubeflare('NodePool'), ns, pool, { spec });
    }
    case 'advanceClock': {
      const by = body['by'];
      const ms = typeof by === 'string' ? parseGoDuration(by) : undefined;
      if (typeof by !== 'string' || ms === undefined || ms <= 0) throw payloadError(`${field}.by`, `must be a positive Go duration such as "10m", not ${JSON.stringify(by)}`);
      // applied, so that a cluster still on its default clock (no ClusterClock yet) gets one
      const manifest = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { advance: by } };
      return { ...op(field, `advance the cluster clock by ${by}`, kubeflare('ClusterClock'), ns, 'cluster', manifest), patchType: 'apply', force: true };
    }
  }
}

interface Kind {
  def: ResourceDef;
  version: string;
}

const key = (k: Kind) => resourceKey(k.def.group, k.def.plural);

function op(field: string, description: string, kind: Kind, ns: string, name: string, patch: Json, subresource: '' | 'scale' = ''): WebhookOperation {
  return { field, description, def: kind.def, version: kind.version, namespace: kind.def.namespaced ? ns : '', name, subresource, patchType: 'merge', patch };
}

function planApply(body: JsonObject, field: string, ns: string, resolve: ResolveKind): WebhookOperation {
  const manifest = body['manifest'];
  if (!isPlainObject(manifest)) throw payloadError(`${field}.manifest`, 'must be an object (a Kubernetes manifest)');
  const kind = kindOf(manifest['apiVersion'], manifest['kind'], `${field}.manifest`, resolve);
  const def = kind.def;
  const meta = isPlainObject(manifest['metadata']) ? manifest['metadata'] : {};
  const name = toName(meta['name'], `${field}.manifest.metadata.name`);
  if (def.namespaced && meta['namespace'] !== undefined && meta['namespace'] !== ns) {
    throw configError(`${field}.manifest.metadata.namespace`, `a trigger acts in its own namespace ${JSON.stringify(ns)} only`);
  }
  const object = def.namespaced ? { ...manifest, metadata: { ...meta, namespace: ns } } : manifest;
  return {
    ...op(field, `apply ${key(kind)}/${name}`, kind, ns, name, object as Json),
    patchType: 'apply',
    force: body['force'] === true,
  };
}

function target(body: JsonObject, field: string, resolve: ResolveKind): { kind: Kind; name: string } {
  const t = body['target'];
  if (!isPlainObject(t)) throw configError(`${field}.target`, 'Required value');
  const kind = kindOf(t['apiVersion'], t['kind'], `${field}.target`, resolve);
  return { kind, name: toName(t['name'], `${field}.target.name`) };
}

function kindOf(apiVersion: unknown, kind: unknown, field: string, resolve: ResolveKind): Kind {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) throw configError(field, 'apiVersion and kind are required');
  const def = resolve(apiVersion, kind);
  if (!def || def.virtual) throw configError(`${field}.kind`, `no kind ${JSON.stringify(kind)} is served in ${JSON.stringify(apiVersion)}`);
  return { def, version: parseApiVersion(apiVersion).version };
}

/** An object name from the trigger or the payload: a path segment, never `.`, `..` or one with `/`. */
function toName(v: Json | undefined, field: string): string {
  if (typeof v !== 'string' || v === '') throw payloadError(field, `must be a non-empty string, not ${JSON.stringify(v ?? null)}`);
  if (v === '.' || v === '..' || /[/%]/.test(v) || v.length > 253) throw payloadError(field, `${JSON.stringify(v)} is not a valid object name`);
  return v;
}

/** A replica count: a non-negative integer, or the same as a decimal string (payloads often carry text). */
function toCount(v: Json | undefined, field: string): number {
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw payloadError(field, `must be a non-negative integer, not ${JSON.stringify(v ?? null)}`);
  return n;
}

/** A non-negative number, or the same as a decimal string. */
function toAmount(v: Json | undefined, field: string): number {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw payloadError(field, `must be a non-negative number, not ${JSON.stringify(v ?? null)}`);
  return n;
}

function toFaults(v: Json | undefined, field: string): Record<string, boolean> {
  if (!isPlainObject(v) || !Object.keys(v).length) throw configError(field, `must set one or more of ${NODE_FAULTS.join(', ')}`);
  const out: Record<string, boolean> = {};
  for (const [k, raw] of Object.entries(v)) {
    if (!NODE_FAULTS.includes(k)) throw configError(`${field}.${k}`, `unknown fault; supported: ${NODE_FAULTS.join(', ')}`);
    const b = raw === 'true' ? true : raw === 'false' ? false : raw;
    if (typeof b !== 'boolean') throw payloadError(`${field}.${k}`, `must be true or false, not ${JSON.stringify(raw)}`);
    out[k] = b;
  }
  return out;
}
