import { CauseType, type StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { cidrSize, parseCidr } from './ipv4';
import { NODE_ADDRESS_OFFSET } from './node-builder';
import { QUANTITY_FORMAT_ERROR, parseQuantity } from './quantity';
import { parseEvictionThresholds } from './eviction-thresholds';
import { parseGoDuration } from '../clock/go-duration';

/** Cluster facts a pool is checked against: the node IPAM configuration and the other pools. */
export interface NodePoolValidationContext {
  /**
   * kube-controller-manager --cluster-cidr, which is flannel's Network in kube-flannel-cfg (default
   * 10.244.0.0/16); null where the network is not known (admission in the cluster store, which does
   * not hold kube-system's ConfigMap): the node count is then checked by the NodePool controller.
   */
  clusterCIDR?: string | null;
  /** --node-cidr-mask-size (default 24). */
  nodeCIDRMaskSize?: number;
  /** Nodes already claimed by other pools, which share the cluster CIDR. */
  otherPoolNodes?: number;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const RESOURCES = ['cpu', 'memory', 'pods', 'ephemeral-storage'] as const;

const fmt = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v ?? null));
const invalid = (field: string, value: unknown, detail: string): StatusCause => ({ reason: CauseType.Invalid, message: `Invalid value: ${fmt(value)}: ${detail}`, field });
const required = (field: string): StatusCause => ({ reason: CauseType.Required, message: 'Required value', field });
const notSupported = (field: string, value: unknown, valid: string[]): StatusCause => ({
  reason: CauseType.NotSupported,
  message: `Unsupported value: ${fmt(value)}: supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
  field,
});

/**
 * Validate a NodePool as upstream validates its own kinds: every problem becomes a StatusCause
 * naming the field (`spec.nodes: Invalid value: -1: must be greater than or equal to 0`).
 * Pass the result to `invalid('NodePool', 'kubeflare.dev', name, causes)` when non-empty.
 */
export function validateNodePool(obj: unknown, ctx: NodePoolValidationContext = {}): StatusCause[] {
  const errs: StatusCause[] = [];
  const o = isPlainObject(obj) ? obj : {};
  const meta = isPlainObject(o['metadata']) ? o['metadata'] : {};
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') errs.push(required('metadata.name'));
  else if (!DNS1123_SUBDOMAIN.test(name)) errs.push(invalid('metadata.name', name, DNS1123_SUBDOMAIN_MSG));
  if (isPlainObject(meta) && meta['namespace']) errs.push({ reason: CauseType.Forbidden, message: 'Forbidden: not allowed on this type', field: 'metadata.namespace' });

  const spec = isPlainObject(o['spec']) ? o['spec'] : {};
  const nodes = spec['nodes'];
  if (nodes !== undefined) {
    if (typeof nodes !== 'number' || !Number.isInteger(nodes)) errs.push(invalid('spec.nodes', nodes, 'must be an integer'));
    else if (nodes < 0) errs.push(invalid('spec.nodes', nodes, 'must be greater than or equal to 0'));
    else errs.push(...validateNodeCount(nodes, ctx));
  }
  const prefix = spec['namePrefix'];
  if (prefix !== undefined && prefix !== '') {
    if (typeof prefix !== 'string' || !DNS1123_SUBDOMAIN.test(prefix)) errs.push(invalid('spec.namePrefix', prefix, DNS1123_SUBDOMAIN_MSG));
    else if (prefix.length > 240) errs.push(invalid('spec.namePrefix', prefix, 'must be no more than 240 characters'));
  }
  errs.push(...validateResources(spec['capacity'], 'spec.capacity'));
  errs.push(...validateResources(spec['reserved'], 'spec.reserved'));
  errs.push(...validateReservedWithinCapacity(spec));
  errs.push(...validateZones(spec));
  errs.push(...validateTaints(spec['taints']));
  errs.push(...validateNetwork(spec, typeof nodes === 'number' ? nodes : 3));
  errs.push(...validateHeartbeat(spec['heartbeat']));
  errs.push(...validateEviction(spec));
  const kv = spec['kubeletVersion'];
  if (kv !== undefined && (typeof kv !== 'string' || !/^v\d+\.\d+\.\d+([-+].*)?$/.test(kv))) {
    errs.push(invalid('spec.kubeletVersion', kv, 'must be a semantic version such as v1.32.0'));
  }
  return errs;
}

/**
 * More nodes than the cluster CIDR can give podCIDRs to (with the other pools' nodes) is refused:
 * `spec.nodes: Invalid value: 300: must be no more than 256: cluster CIDR 10.244.0.0/16 has room for 256 …`.
 */
export function validateNodeCount(nodes: number, ctx: NodePoolValidationContext): StatusCause[] {
  if (ctx.clusterCIDR === null) return [];
  const clusterCIDR = ctx.clusterCIDR ?? '10.244.0.0/16';
  const mask = ctx.nodeCIDRMaskSize ?? 24;
  const c = parseCidr(clusterCIDR);
  if (!c || mask < c.prefix) return [];
  const max = 2 ** (mask - c.prefix) - (ctx.otherPoolNodes ?? 0);
  if (nodes <= max) return [];
  return [invalid('spec.nodes', nodes, `must be no more than ${Math.max(max, 0)}: cluster CIDR ${clusterCIDR} has room for ${2 ** (mask - c.prefix)} node CIDRs of size /${mask}${ctx.otherPoolNodes ? ` and ${ctx.otherPoolNodes} are taken by other pools` : ''}`)];
}

function validateResources(v: unknown, path: string): StatusCause[] {
  if (v === undefined) return [];
  if (!isPlainObject(v)) return [invalid(path, v, 'must be an object')];
  const errs: StatusCause[] = [];
  for (const [k, q] of Object.entries(v)) {
    const field = `${path}.${k}`;
    if (!(RESOURCES as readonly string[]).includes(k)) {
      errs.push(notSupported(path, k, [...RESOURCES]));
      continue;
    }
    const n = parseQuantity(q);
    if (n === undefined) errs.push(invalid(field, q, QUANTITY_FORMAT_ERROR));
    else if (n < 0) errs.push(invalid(field, q, 'must be greater than or equal to 0'));
    else if (k === 'pods' && !Number.isInteger(n)) errs.push(invalid(field, q, 'must be an integer'));
  }
  return errs;
}

function validateReservedWithinCapacity(spec: Record<string, unknown>): StatusCause[] {
  const cap = isPlainObject(spec['capacity']) ? spec['capacity'] : {};
  const res = isPlainObject(spec['reserved']) ? spec['reserved'] : {};
  const errs: StatusCause[] = [];
  for (const [k, q] of Object.entries(res)) {
    const r = parseQuantity(q);
    const c = parseQuantity(cap[k] ?? DEFAULT_CAPACITY[k]);
    if (r !== undefined && c !== undefined && r >= 0 && r > c) {
      errs.push(invalid(`spec.reserved.${k}`, q, `must be less than or equal to capacity ${String(cap[k] ?? DEFAULT_CAPACITY[k])}`));
    }
  }
  return errs;
}

const DEFAULT_CAPACITY: Record<string, string> = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };

function validateZones(spec: Record<string, unknown>): StatusCause[] {
  const errs: StatusCause[] = [];
  const zones = spec['zones'];
  if (zones !== undefined) {
    if (!Array.isArray(zones) || zones.length === 0) errs.push(invalid('spec.zones', zones, 'must list at least one zone'));
    else {
      const seen = new Set<unknown>();
      zones.forEach((z, i) => {
        if (typeof z !== 'string' || z === '' || !LABEL_VALUE.test(z) || z.length > 63) errs.push(invalid(`spec.zones[${i}]`, z, LABEL_VALUE_MSG));
        else if (seen.has(z)) errs.push({ reason: CauseType.Duplicate, message: `Duplicate value: ${fmt(z)}`, field: `spec.zones[${i}]` });
        seen.add(z);
      });
    }
  }
  const region = spec['region'];
  if (region !== undefined && (typeof region !== 'string' || !LABEL_VALUE.test(region) || region.length > 63)) errs.push(invalid('spec.region', region, LABEL_VALUE_MSG));
  return errs;
}

function validateTaints(taints: unknown): StatusCause[] {
  if (taints === undefined) return [];
  if (!Array.isArray(taints)) return [invalid('spec.taints', taints, 'must be a list')];
  const errs: StatusCause[] = [];
  taints.forEach((t, i) => {
    const path = `spec.taints[${i}]`;
    const taint = isPlainObject(t) ? t : {};
    if (!taint['key']) errs.push(required(`${path}.key`));
    if (!taint['effect']) errs.push(required(`${path}.effect`));
    else if (!TAINT_EFFECTS.includes(String(taint['effect']))) errs.push(notSupported(`${path}.effect`, taint['effect'], TAINT_EFFECTS));
  });
  return errs;
}

function validateNetwork(spec: Record<string, unknown>, nodes: number): StatusCause[] {
  const net = spec['nodeNetwork'];
  if (net === undefined) return [];
  const c = typeof net === 'string' ? parseCidr(net) : undefined;
  if (!c) return [invalid('spec.nodeNetwork', net, CIDR_MSG)];
  const room = cidrSize(c) - NODE_ADDRESS_OFFSET - 1;
  if (nodes > room) return [invalid('spec.nodeNetwork', net, `has room for ${Math.max(room, 0)} node addresses, fewer than spec.nodes (${nodes})`)];
  return [];
}

/** The eviction thresholds as the kubelet parses its --eviction-* flags (eviction-thresholds.ts), with their errors. */
function validateEviction(spec: Record<string, unknown>): StatusCause[] {
  const errs: StatusCause[] = [];
  const fields = ['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod'] as const;
  const maps: Partial<Record<(typeof fields)[number], Record<string, string>>> = {};
  for (const f of fields) {
    const v = spec[f];
    if (v === undefined) continue;
    if (!isPlainObject(v) || Object.values(v).some((x) => typeof x !== 'string')) errs.push(invalid(`spec.${f}`, v, 'must be a map of signal to string'));
    else maps[f] = v as Record<string, string>;
  }
  if (errs.length) return errs;
  const hard = parseEvictionThresholds({ hard: maps.evictionHard });
  if ('error' in hard) errs.push(invalid('spec.evictionHard', maps.evictionHard, hard.error));
  const soft = parseEvictionThresholds({ soft: maps.evictionSoft, softGracePeriod: maps.evictionSoftGracePeriod });
  if ('error' in soft) {
    const grace = soft.error.includes('grace period');
    errs.push(invalid(grace ? 'spec.evictionSoftGracePeriod' : 'spec.evictionSoft', grace ? (maps.evictionSoftGracePeriod ?? {}) : maps.evictionSoft, soft.error));
  }
  for (const [signal, d] of Object.entries(maps.evictionSoftGracePeriod ?? {})) {
    if (parseGoDuration(d) === undefined) errs.push(invalid(`spec.evictionSoftGracePeriod[${signal}]`, d, 'must be a duration such as "90s" or "1m30s"'));
  }
  return errs;
}

function validateHeartbeat(hb: unknown): StatusCause[] {
  if (hb === undefined) return [];
  if (!isPlainObject(hb)) return [invalid('spec.heartbeat', hb, 'must be an object')];
  const errs: StatusCause[] = [];
  for (const k of ['leaseRenewIntervalSeconds', 'leaseDurationSeconds', 'statusUpdateIntervalSeconds']) {
    const v = hb[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) errs.push(invalid(`spec.heartbeat.${k}`, v, 'must be greater than 0'));
  }
  const renew = hb['leaseRenewIntervalSeconds'];
  const dur = hb['leaseDurationSeconds'] ?? 40;
  if (typeof renew === 'number' && typeof dur === 'number' && renew > 0 && renew >= dur) {
    errs.push(invalid('spec.heartbeat.leaseRenewIntervalSeconds', renew, `must be less than leaseDurationSeconds (${dur})`));
  }
  return errs;
}
