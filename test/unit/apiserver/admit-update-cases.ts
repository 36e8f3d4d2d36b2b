import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { builtinDef, HORIZONTAL_POD_AUTOSCALER_DEF, LEASE_DEF, NODE_DEF, POD_DEF } from '../../../shared/api/resource-defs';
import type { ResourceDef } from '../../../shared/api/registry';
import { ApiError } from '../../../shared/api/errors';
import { admitApplyCreate, admitPatch, admitReplace, admitScale } from '../../../shared/apiserver/store-writes';
import { admitCreate } from '../../../shared/apiserver/admission';
import type { FieldValidation } from '../../../shared/apiserver/store-protocol';
import { buildNode } from '../../../shared/nodes/node-builder';
import { nodeStatusUpdate } from '../../../shared/nodes/node-heartbeat';

/**
 * Chains of writes through the update path (kubelet node status reports, HPA statuses, a Deployment
 * scale, kubectl apply then PUTs that carry managedFields, pod statuses, a Service, a Lease renewal,
 * and refused ones), each write's result the next one's stored object. `runChains` gives every
 * result as JSON text (key order included) or the error's code, reason, message and details: the
 * golden file admit-update-golden.json holds what they were before the update path was made cheaper.
 */

const DEPLOYMENT_DEF = builtinDef('apps', 'deployments');
const SERVICE_DEF = builtinDef('', 'services');
const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const rfc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

type Write =
  | { label: string; kind: 'create'; def: ResourceDef; object: KubeObject; namespace?: string; manager?: string }
  | { label: string; kind: 'apply'; def: ResourceDef; patch: KubeObject; namespace?: string; manager: string }
  | { label: string; kind: 'put'; target: 'main' | 'status'; object: (old: StoredObject) => KubeObject; manager: string; version?: string; fieldValidation?: FieldValidation }
  | { label: string; kind: 'patch'; target: 'main' | 'status'; patchType: 'merge' | 'apply' | 'strategic'; patch: unknown; manager: string; force?: boolean }
  | { label: string; kind: 'scale'; replicas: unknown; manager: string };

export interface Chain {
  name: string;
  writes: Write[];
}

const edit = (old: StoredObject, fn: (o: KubeObject & Record<string, any>) => void): KubeObject => {
  const o = structuredClone(old) as KubeObject & Record<string, any>;
  fn(o);
  return o;
};

/** A node report as the kubelet sends it: the node as it knows it with fresh conditions, no resourceVersion. */
function nodeReport(old: StoredObject, atMs: number, faults?: Record<string, unknown>): KubeObject {
  const next = nodeStatusUpdate(old as never, faults as never, atMs, { statusUpdateIntervalSeconds: 60 }).node as KubeObject;
  return { ...next, metadata: { ...next.metadata, resourceVersion: undefined } };
}

const pool = { metadata: { name: 'pool' }, spec: { nodes: 3 } } as never;

const hpa = (name: string): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'team', labels: { app: name } },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
});

const hpaStatus = (at: number, utilization: number, desired: number, scaled?: number) => ({
  ...(scaled !== undefined ? { lastScaleTime: rfc(scaled) } : {}),
  currentReplicas: 1,
  desiredReplicas: desired,
  currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '120m', averageUtilization: utilization } } }],
  conditions: [
    { type: 'AbleToScale', status: 'True', lastTransitionTime: rfc(at), reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
    { type: 'ScalingActive', status: 'True', lastTransitionTime: rfc(at), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
    { type: 'ScalingLimited', status: 'False', lastTransitionTime: rfc(at), reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
  ],
});

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
  },
};

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'team', labels: { app: 'web' } },
  spec: { nodeName: 'pool-0', containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] },
};

export const CHAINS: Chain[] = [
  {
    name: 'a node and its kubelet status reports',
    writes: [
      { label: 'registered', kind: 'create', def: NODE_DEF, object: buildNode(pool, 0, { now: T0 }) as KubeObject, manager: 'node-pool' },
      { label: 'first report', kind: 'put', target: 'status', object: (o) => nodeReport(o, T0 + 60_000), manager: 'kubelet' },
      { label: 'steady report', kind: 'put', target: 'status', object: (o) => nodeReport(o, T0 + 120_000), manager: 'kubelet' },
      { label: 'steady report again', kind: 'put', target: 'status', object: (o) => nodeReport(o, T0 + 180_000), manager: 'kubelet' },
      { label: 'memory pressure', kind: 'put', target: 'status', object: (o) => nodeReport(o, T0 + 190_000, { memoryPressure: true }), manager: 'kubelet' },
      { label: 'a report with nothing changed', kind: 'put', target: 'status', object: (o) => edit(o, (n) => delete (n.metadata as Record<string, unknown>).resourceVersion), manager: 'kubelet' },
      {
        label: 'another writer adds a condition',
        kind: 'put',
        target: 'status',
        object: (o) => edit(o, (n) => n.status.conditions.push({ type: 'NetworkUnavailable', status: 'False', lastHeartbeatTime: rfc(T0), lastTransitionTime: rfc(T0), reason: 'RouteCreated' })),
        manager: 'route-controller',
      },
      { label: 'steady report after it', kind: 'put', target: 'status', object: (o) => nodeReport(o, T0 + 250_000), manager: 'kubelet' },
      { label: 'conditions reordered', kind: 'put', target: 'status', object: (o) => edit(o, (n) => n.status.conditions.reverse()), manager: 'kubelet' },
      { label: 'a condition twice', kind: 'put', target: 'status', object: (o) => edit(o, (n) => n.status.conditions.push({ ...n.status.conditions[0], lastHeartbeatTime: rfc(T0 + 300_000) })), manager: 'kubelet' },
      { label: 'an image list change', kind: 'put', target: 'status', object: (o) => edit(o, (n) => n.status.images.pop()), manager: 'kubelet' },
      { label: 'a status report with a spec change (ignored)', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.spec.unschedulable = true)), manager: 'kubelet' },
      { label: 'a heartbeat Go cannot parse', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-13-04T12:00:00Z')), manager: 'kubelet' },
      { label: 'a heartbeat without its zone', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-12-04T12:00:00')), manager: 'kubelet' },
      { label: 'a heartbeat with an offset and a fraction', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-12-04T13:00:00.5+01:00')), manager: 'kubelet' },
      { label: 'a leap day that is not one', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.conditions[0].lastHeartbeatTime = '2026-02-29T12:00:00Z')), manager: 'kubelet' },
      { label: 'a wrong type in the status', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.capacity = 'lots')), manager: 'kubelet' },
      { label: 'an unknown status field, Strict', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.mood = 'fine')), manager: 'kubelet', fieldValidation: 'Strict' },
      { label: 'an unknown status field, Warn', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.status.mood = 'fine')), manager: 'kubelet' },
      { label: 'a stale resourceVersion', kind: 'put', target: 'status', object: (o) => edit(o, (n) => ((n.metadata as Record<string, unknown>).resourceVersion = '1')), manager: 'kubelet' },
      { label: 'another name', kind: 'put', target: 'status', object: (o) => edit(o, (n) => (n.metadata!.name = 'pool-9')), manager: 'kubelet' },
      { label: 'labels through the main resource', kind: 'put', target: 'main', object: (o) => edit(o, (n) => (n.metadata!.labels!['role'] = 'edge')), manager: 'kubectl-label' },
      { label: 'an invalid label', kind: 'put', target: 'main', object: (o) => edit(o, (n) => (n.metadata!.labels!['bad key!'] = 'x')), manager: 'kubectl-label' },
    ],
  },
  {
    name: 'an HPA and its controller\'s statuses',
    writes: [
      { label: 'created', kind: 'create', def: HORIZONTAL_POD_AUTOSCALER_DEF, object: hpa('web'), namespace: 'team', manager: 'kubectl-create' },
      { label: 'first status', kind: 'put', target: 'status', object: (o) => ({ ...o, status: hpaStatus(T0, 40, 1) }), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'new metric value', kind: 'put', target: 'status', object: (o) => edit(o, (h) => (h.status.currentMetrics[0].resource.current.averageUtilization = 45)), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'the same status', kind: 'put', target: 'status', object: (o) => structuredClone(o), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'scaled', kind: 'put', target: 'status', object: (o) => ({ ...o, status: hpaStatus(T0 + 15_000, 90, 2, T0 + 15_000) }), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'a condition message', kind: 'put', target: 'status', object: (o) => edit(o, (h) => (h.status.conditions[0].message = 'recommended size is 2')), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'a negative desiredReplicas', kind: 'put', target: 'status', object: (o) => edit(o, (h) => (h.status.desiredReplicas = -1)), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'a string where a number belongs', kind: 'put', target: 'status', object: (o) => edit(o, (h) => (h.status.currentReplicas = 'one')), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'a lastScaleTime Go cannot parse', kind: 'put', target: 'status', object: (o) => edit(o, (h) => (h.status.lastScaleTime = 'yesterday')), manager: 'horizontal-pod-autoscaler', version: 'v2' },
      { label: 'a status through v1', kind: 'put', target: 'status', object: (o) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: o.metadata, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, maxReplicas: 10 }, status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70 } }), manager: 'hpa-v1', version: 'v1' },
      { label: 'the spec edited', kind: 'put', target: 'main', object: (o) => edit(o, (h) => (h.spec.maxReplicas = 20)), manager: 'kubectl-edit', version: 'v2' },
      { label: 'minReplicas above maxReplicas', kind: 'put', target: 'main', object: (o) => edit(o, (h) => (h.spec.minReplicas = 30)), manager: 'kubectl-edit', version: 'v2' },
    ],
  },
  {
    name: 'a Deployment applied, scaled and replaced',
    writes: [
      { label: 'applied', kind: 'apply', def: DEPLOYMENT_DEF, patch: deployment, namespace: 'team', manager: 'kubectl-client-side-apply' },
      { label: 'scaled', kind: 'scale', replicas: 5, manager: 'kubectl-scale' },
      { label: 'scaled to a negative count', kind: 'scale', replicas: -1, manager: 'kubectl-scale' },
      { label: 'scaled beyond int32', kind: 'scale', replicas: 2147483648, manager: 'kubectl-scale' },
      { label: 'replaced with its managedFields', kind: 'put', target: 'main', object: (o) => edit(o, (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.28')), manager: 'kubectl-replace' },
      { label: 'replaced with managedFields edited', kind: 'put', target: 'main', object: (o) => edit(o, (d) => ((d.spec.replicas = 4), (d.metadata!.managedFields = [{ manager: 'someone', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]))), manager: 'kubectl-replace' },
      { label: 'replaced without managedFields', kind: 'put', target: 'main', object: (o) => edit(o, (d) => ((d.spec.paused = true), delete d.metadata!.managedFields)), manager: 'kubectl-replace' },
      { label: 'a status written', kind: 'put', target: 'status', object: (o) => ({ ...o, status: { observedGeneration: 4, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, conditions: [{ type: 'Available', status: 'True', lastUpdateTime: rfc(T0), lastTransitionTime: rfc(T0), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }] } }), manager: 'deployment-controller' },
      { label: 'a status condition updated', kind: 'put', target: 'status', object: (o) => edit(o, (d) => (d.status.conditions[0].lastUpdateTime = rfc(T0 + 5000))), manager: 'deployment-controller' },
      { label: 'patched by merge', kind: 'patch', target: 'main', patchType: 'merge', patch: { spec: { replicas: 6 } }, manager: 'kubectl-patch' },
      { label: 'a status patched by merge', kind: 'patch', target: 'status', patchType: 'merge', patch: { status: { readyReplicas: 3 } }, manager: 'kubectl-patch' },
      { label: 'a server-side apply taking replicas', kind: 'patch', target: 'main', patchType: 'apply', patch: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 7 } }, manager: 'ssa', force: true },
      { label: 'an empty container name', kind: 'put', target: 'main', object: (o) => edit(o, (d) => (d.spec.template.spec.containers[0].name = '')), manager: 'kubectl-replace' },
      { label: 'a selector change', kind: 'put', target: 'main', object: (o) => edit(o, (d) => (d.spec.selector.matchLabels.app = 'api')), manager: 'kubectl-replace' },
    ],
  },
  {
    name: 'a pod and its kubelet\'s statuses',
    writes: [
      { label: 'created', kind: 'create', def: POD_DEF, object: pod, namespace: 'team', manager: 'kubectl-create' },
      { label: 'running', kind: 'put', target: 'status', object: (o) => ({ ...o, status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], hostIP: '192.168.0.10', startTime: rfc(T0), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc(T0) }], containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:1', started: true, state: { running: { startedAt: rfc(T0) } } }] } }), manager: 'kubelet' },
      { label: 'restarted', kind: 'put', target: 'status', object: (o) => edit(o, (p) => ((p.status.containerStatuses[0].restartCount = 1), (p.status.containerStatuses[0].state = { running: { startedAt: rfc(T0 + 1000) } }))), manager: 'kubelet' },
      { label: 'a label through the main resource', kind: 'put', target: 'main', object: (o) => edit(o, (p) => (p.metadata!.labels!['tier'] = 'front')), manager: 'kubectl-label' },
      { label: 'an image change (allowed)', kind: 'put', target: 'main', object: (o) => edit(o, (p) => (p.spec.containers[0].image = 'nginx:1.28')), manager: 'kubectl-set' },
      { label: 'a forbidden pod spec change', kind: 'put', target: 'main', object: (o) => edit(o, (p) => (p.spec.containers[0].name = 'other')), manager: 'kubectl-edit' },
    ],
  },
  {
    name: 'a Service kept its allocations',
    writes: [
      { label: 'created', kind: 'create', def: SERVICE_DEF, object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team' }, spec: { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], selector: { app: 'web' }, ports: [{ port: 80 }] } }, namespace: 'team', manager: 'kubectl-create' },
      { label: 'replaced without its clusterIP', kind: 'put', target: 'main', object: (o) => edit(o, (s) => (delete s.spec.clusterIP, delete s.spec.clusterIPs, (s.spec.ports[0].port = 8080))), manager: 'kubectl-replace' },
      { label: 'a load balancer status', kind: 'put', target: 'status', object: (o) => ({ ...o, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }), manager: 'cloud-controller' },
    ],
  },
  {
    name: 'a Lease renewed',
    writes: [
      { label: 'created', kind: 'create', def: LEASE_DEF, object: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'pool-0', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'pool-0', leaseDurationSeconds: 40, renewTime: '2026-12-04T12:00:00.000000Z' } }, namespace: 'kube-node-lease', manager: 'kubelet' },
      { label: 'renewed', kind: 'put', target: 'main', object: (o) => edit(o, (l) => (l.spec.renewTime = '2026-12-04T12:00:10.000000Z')), manager: 'kubelet' },
      { label: 'renewed with a millisecond time', kind: 'put', target: 'main', object: (o) => edit(o, (l) => (l.spec.renewTime = '2026-12-04T12:00:20.000Z')), manager: 'kubelet' },
      { label: 'renewed again', kind: 'put', target: 'main', object: (o) => edit(o, (l) => (l.spec.renewTime = '2026-12-04T12:00:30.123456Z')), manager: 'kubelet' },
    ],
  },
];

/** What one write gave: the object as JSON text and its warnings, or the error as upstream renders it. */
export type Outcome = { label: string; object: string; warnings: string[] } | { label: string; error: { code: number; reason: string; message: string; details?: unknown } };

/** Runs every chain through admission; a refused write leaves the stored object as it was. */
export function runChains(chains: Chain[] = CHAINS, onPut?: (label: string, body: KubeObject, old: StoredObject, admitted: KubeObject) => void): Record<string, Outcome[]> {
  const out: Record<string, Outcome[]> = {};
  for (const chain of chains) {
    let rv = 1;
    let uid = 0;
    let def: ResourceDef | undefined;
    let namespace: string | undefined;
    let stored: StoredObject | undefined;
    const results: Outcome[] = [];
    for (const [i, w] of chain.writes.entries()) {
      const ctx = { now: rfc(T0 + (i + 1) * 1000), newUid: () => `uid-${++uid}`, rand: () => 0.25 };
      try {
        let admitted: { object: KubeObject; warnings?: string[] };
        if (w.kind === 'create' || w.kind === 'apply') {
          def = w.def;
          namespace = w.namespace;
          admitted =
            w.kind === 'create'
              ? admitCreate(def, structuredClone(w.object), namespace, ctx, { version: def.storageVersion, fieldManager: w.manager })
              : admitApplyCreate({ def, name: w.patch.metadata!.name!, patchType: 'apply', patch: structuredClone(w.patch) as never, target: 'main', version: def.storageVersion, fieldManager: w.manager }, namespace, ctx);
        } else {
          const old = structuredClone(stored!);
          if (w.kind === 'put') {
            const body = w.object(structuredClone(old));
            admitted = admitReplace({ def: def!, name: old.metadata.name, object: body, target: w.target, version: w.version ?? def!.storageVersion, fieldManager: w.manager, fieldValidation: w.fieldValidation }, old, ctx);
            onPut?.(`${chain.name}: ${w.label}`, body, old, admitted.object);
          } else if (w.kind === 'patch') {
            admitted = admitPatch({ def: def!, name: old.metadata.name, patchType: w.patchType, patch: structuredClone(w.patch) as never, target: w.target, version: def!.storageVersion, fieldManager: w.manager, force: w.force }, old, ctx);
          } else {
            admitted = admitScale({ def: def!, name: old.metadata.name, scale: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: old.metadata.name, namespace }, spec: { replicas: w.replicas } } as KubeObject, version: 'v1', fieldManager: w.manager }, old, ctx);
          }
        }
        const object = { ...admitted.object, metadata: { ...admitted.object.metadata, resourceVersion: String(++rv) } } as StoredObject;
        stored = object;
        results.push({ label: w.label, object: JSON.stringify(object), warnings: admitted.warnings ?? [] });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        results.push({ label: w.label, error: { code: e.code, reason: e.reason, message: e.message, ...(e.details ? { details: e.details } : {}) } });
      }
    }
    out[chain.name] = results;
  }
  return out;
}
