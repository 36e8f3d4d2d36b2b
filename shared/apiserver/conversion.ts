import type { KubeObject } from '../api/object';
import { apiVersionOf, type ResourceDef } from '../api/registry';
import { coreToEventsV1, eventsV1ToCore } from './event-conversion';
import { hpaV1Annotations, readHpaV1Annotations } from './hpa-v1-annotations';
import { storageOf } from './storage-resource';

/**
 * Converts between a kind's served versions and the form it is stored in. The HPA has two
 * versions (autoscaling/v1 and v2, stored as v2); events.k8s.io/v1 Events are stored as core/v1
 * Events (storageOf); every other kind passes through.
 */
export function toStorageVersion(def: ResourceDef, obj: KubeObject, version: string): KubeObject {
  if (isEventsV1(def)) return eventsV1ToCore(obj);
  if (version === def.storageVersion) return obj;
  if (def.group === 'autoscaling' && def.kind === 'HorizontalPodAutoscaler' && version === 'v1') return hpaV1ToV2(obj);
  return { ...obj, apiVersion: apiVersionOf(def.group, def.storageVersion) };
}

export function fromStorageVersion(def: ResourceDef, obj: KubeObject, version: string): KubeObject {
  if (isEventsV1(def)) return coreToEventsV1(obj);
  if (version === def.storageVersion) return obj;
  if (def.group === 'autoscaling' && def.kind === 'HorizontalPodAutoscaler' && version === 'v1') return hpaV2ToV1(obj);
  return { ...obj, apiVersion: apiVersionOf(def.group, version) };
}

/**
 * Whether objects served at `version` of `def` are exactly what the store holds, so a stream of
 * them can pass through untouched. Group and version both count: core and events.k8s.io Events are
 * both `v1` but differ in shape.
 */
export function servedAsStored(def: ResourceDef, version: string): boolean {
  const stored = storageOf(def);
  return stored.group === def.group && stored.version === version;
}

/** events.k8s.io's Event is the one resource stored in another group's form (storageOf). */
function isEventsV1(def: ResourceDef): boolean {
  return storageOf(def).group !== def.group;
}

interface MetricSpecV2 {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number } };
}

interface MetricStatusV2 {
  type: string;
  resource?: { name: string; current: { averageUtilization?: number } };
}

function hpaV1ToV2(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const { targetCPUUtilizationPercentage, ...rest } = spec as { targetCPUUtilizationPercentage?: number };
  const v2spec: Record<string, unknown> = { ...rest };
  if (targetCPUUtilizationPercentage !== undefined) {
    v2spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } },
    ];
  }
  // what v1 cannot hold came back in annotations: v2-only metrics first, then the CPU target, as upstream
  const carried = readHpaV1Annotations(obj.metadata?.annotations);
  if (carried.metrics) v2spec.metrics = [...carried.metrics, ...((v2spec.metrics as unknown[] | undefined) ?? [])];
  if (carried.behavior) v2spec.behavior = carried.behavior;
  const { annotations: _a, ...meta } = obj.metadata ?? {};
  const metadata = { ...meta, ...(carried.annotations ? { annotations: carried.annotations } : {}) };
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v2', metadata: metadata as KubeObject['metadata'], spec: v2spec };
  if (obj.status) {
    const { currentCPUUtilizationPercentage, ...st } = obj.status as { currentCPUUtilizationPercentage?: number };
    const status: Record<string, unknown> = { ...st };
    if (currentCPUUtilizationPercentage !== undefined) {
      status.currentMetrics = [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } },
      ];
    }
    if (carried.currentMetrics) status.currentMetrics = carried.currentMetrics;
    if (carried.conditions) status.conditions = carried.conditions;
    out.status = status;
  }
  return out;
}

function hpaV2ToV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { metrics?: MetricSpecV2[]; behavior?: unknown } & Record<string, unknown>;
  const { metrics, behavior: _b, ...rest } = spec;
  const cpu = metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.type === 'Utilization');
  const v1spec: Record<string, unknown> = { ...rest };
  if (cpu?.resource?.target.averageUtilization !== undefined) v1spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const extra = hpaV1Annotations(spec as never, obj.status as never);
  const own = readHpaV1Annotations(obj.metadata?.annotations).annotations;
  const annotations = { ...own, ...extra };
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v1', spec: v1spec };
  if (obj.metadata?.annotations || Object.keys(annotations).length) {
    const { annotations: _a, ...meta } = obj.metadata ?? {};
    out.metadata = (Object.keys(annotations).length ? { ...meta, annotations } : meta) as KubeObject['metadata'];
  }
  if (obj.status) {
    const { currentMetrics, conditions: _c, ...st } = obj.status as { currentMetrics?: MetricStatusV2[]; conditions?: unknown };
    const status: Record<string, unknown> = { ...st };
    const cur = currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    if (cur?.resource?.current.averageUtilization !== undefined) status.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
    out.status = status;
  }
  return out;
}
