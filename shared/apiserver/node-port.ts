// NodePort allocation as kube-apiserver's service registry does it (pkg/registry/core/service/storage
// alloc.go initNodePorts / updateNodePorts / health check ports, portallocator), over a set of taken ports.
import { ApiError, invalid } from '../api/errors';
import type { KubeObject } from '../api/object';
import { child, index, invalid as invalidField } from '../validation/field-error';

/** --service-node-port-range default. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
const RANGE_TEXT = `${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`;
/** The cluster store's allocation pool of node ports (items are port numbers as strings). */
export const NODE_PORT_POOL = 'node-ports';

interface Port {
  port?: number;
  protocol?: string;
  nodePort?: number;
  name?: string;
}
interface Spec {
  type?: string;
  ports?: Port[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
}

const specOf = (svc: KubeObject | null | undefined): Spec => ((svc?.spec ?? {}) as Spec);

/** needsNodePort: NodePort and LoadBalancer services expose node ports. */
export function needsNodePort(svc: KubeObject | null | undefined): boolean {
  const type = specOf(svc).type;
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** apiservice.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a health check node port. */
export function needsHealthCheckNodePort(svc: KubeObject | null | undefined): boolean {
  const spec = specOf(svc);
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** Every node port a stored service holds (its ports' and the health check one). */
export function nodePortsOf(svc: KubeObject | null | undefined): number[] {
  const spec = specOf(svc);
  const ports = (spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n > 0);
  if (needsHealthCheckNodePort(svc) && (spec.healthCheckNodePort ?? 0) > 0) ports.push(spec.healthCheckNodePort!);
  return [...new Set(ports)];
}

/**
 * calculateRangeOffset (ServiceNodePortStaticSubrange): ports picked at random come from above
 * min + offset first, leaving the lower band to ports users ask for by number.
 */
function rangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(128, Math.max(16, Math.floor(size / 32)));
}

/** One allocation operation: what is taken, what it took; requests checked as the port allocator does. */
class Operation {
  readonly taken: Set<number>;
  readonly allocated: number[] = [];
  constructor(
    taken: Iterable<number>,
    private readonly rand: () => number,
  ) {
    this.taken = new Set(taken);
  }

  /** Allocate(port): an error message when it cannot be had. */
  allocate(port: number): string | undefined {
    if (port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max) return `provided port is not in the valid range. The range of valid ports is ${RANGE_TEXT}`;
    if (this.taken.has(port)) return 'provided port is already allocated';
    this.take(port);
    return undefined;
  }

  /** AllocateNext: a random free port, from the upper band first. */
  next(): number {
    const size = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
    const offset = rangeOffset(size);
    for (const [from, count] of [[offset, size - offset], [0, offset]] as const) {
      const start = Math.floor(this.rand() * count);
      for (let i = 0; i < count; i++) {
        const port = NODE_PORT_RANGE.min + from + ((start + i) % count);
        if (!this.taken.has(port)) return this.take(port);
      }
    }
    throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
  }

  private take(port: number): number {
    this.taken.add(port);
    this.allocated.push(port);
    return port;
  }
}

export interface NodePortAllocation {
  /** The service with its node ports (and health check node port) filled in. */
  service: KubeObject;
  /** Ports newly taken by this write: record them, and give them back if the write fails. */
  allocated: number[];
}

/**
 * The node ports of a service being created (`old` null) or updated: requested ports are checked
 * against the range and the ports other services hold, missing ones are picked at random (ports of
 * the same service port number share one, as initNodePorts); a LoadBalancer does not get new ones
 * when allocateLoadBalancerNodePorts is false. `taken` holds every allocated port, the old service's
 * included. Ports the update stops using are released by the caller after the write commits.
 */
export function allocateNodePorts(old: KubeObject | null, next: KubeObject, taken: Iterable<number>, rand: () => number): NodePortAllocation {
  const name = next.metadata?.name ?? '';
  const spec = structuredClone(specOf(next));
  const ports = spec.ports ?? [];
  const op = new Operation(taken, rand);
  const oldPorts = new Set(nodePortsOf(old));
  const allocateNew = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  const fail = (i: number, value: number, message: string) => invalid('Service', '', name, [invalidField(child(index('spec.ports', i), 'nodePort'), value, message)]);

  if (needsNodePort(next)) {
    const byServicePort = new Map<number, number>();
    ports.forEach((p, i) => {
      if (!p.nodePort && !allocateNew) return; // don't allocate new ports, but do respect specific requests
      if (p.nodePort) {
        // a port the service already held, or one this request already took for another protocol
        if (oldPorts.has(p.nodePort) || op.allocated.includes(p.nodePort)) return;
        const err = op.allocate(p.nodePort);
        if (err) throw fail(i, p.nodePort, err);
        byServicePort.set(p.port ?? 0, p.nodePort);
        return;
      }
      // the same service port number under another protocol shares the node port (initNodePorts)
      const shared = old === null ? (byServicePort.get(p.port ?? 0) ?? ports.find((q) => q.port === p.port && q.nodePort)?.nodePort) : undefined;
      p.nodePort = shared ?? op.next();
      byServicePort.set(p.port ?? 0, p.nodePort);
    });
  }

  if (needsHealthCheckNodePort(next)) {
    const requested = spec.healthCheckNodePort ?? 0;
    const held = needsHealthCheckNodePort(old) ? (specOf(old).healthCheckNodePort ?? 0) : 0;
    if (requested === 0) spec.healthCheckNodePort = held || op.next();
    else if (requested !== held) {
      const err = op.allocate(requested);
      if (err) throw new ApiError(500, 'InternalError', `Internal error occurred: failed to allocate requested HealthCheck NodePort ${requested}: ${err}`);
    }
  }
  return { service: { ...next, spec: spec as KubeObject['spec'] }, allocated: op.allocated };
}

/**
 * patchAllocatedValues and dropTypeDependentFields for node ports: an update that leaves out the
 * node ports it was given keeps them (matched by port name, never one the update uses elsewhere);
 * one that changes to a type without node ports, and did not touch them, drops them.
 */
export function keepAllocatedNodePorts(old: KubeObject, next: KubeObject): KubeObject {
  const o = specOf(old);
  const n = structuredClone(specOf(next));
  const ports = n.ports ?? [];
  if (needsNodePort(old) && needsNodePort(next)) {
    const used = new Set(ports.map((p) => p.nodePort).filter((x) => x));
    const byName = new Map((o.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of ports) {
      const was = byName.get(p.name ?? '') ?? 0;
      if (!p.nodePort && was && !used.has(was)) p.nodePort = was;
    }
  }
  if (needsNodePort(old) && !needsNodePort(next) && sameNodePorts(o.ports ?? [], ports)) for (const p of ports) delete p.nodePort;
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(next) && !n.healthCheckNodePort) n.healthCheckNodePort = o.healthCheckNodePort;
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(next) && (n.healthCheckNodePort ?? 0) === (o.healthCheckNodePort ?? 0)) delete n.healthCheckNodePort;
  return { ...next, spec: n as KubeObject['spec'] };
}

/** sameNodePorts: the same node port at every index (ports added or removed count as a change). */
function sameNodePorts(a: Port[], b: Port[]): boolean {
  return a.length === b.length && a.every((p, i) => (p.nodePort ?? 0) === (b[i]?.nodePort ?? 0));
}

/**
 * Whether a write must ask the allocator: the service needs node ports and holds not all it asks for
 * (a port without one that should get one, a number it does not hold yet, a health check port to get).
 * Writes that keep what the service holds (status, labels) need no round trip to the cluster store.
 */
export function wantsNodePorts(old: KubeObject | null, next: KubeObject): boolean {
  const held = new Set(nodePortsOf(old));
  const spec = specOf(next);
  const allocateNew = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (needsNodePort(next) && (spec.ports ?? []).some((p) => (p.nodePort ? !held.has(p.nodePort) : allocateNew))) return true;
  return needsHealthCheckNodePort(next) && !(spec.healthCheckNodePort && held.has(spec.healthCheckNodePort));
}

/** The node ports a committed change gives back: all of a deleted service's, those an update stopped using. */
export function nodePortsFreed(type: 'ADDED' | 'MODIFIED' | 'DELETED', prev: KubeObject | null, object: KubeObject): number[] {
  if (type === 'DELETED') return nodePortsOf(object);
  if (type === 'ADDED') return [];
  const kept = new Set(nodePortsOf(object));
  return nodePortsOf(prev).filter((p) => !kept.has(p));
}
