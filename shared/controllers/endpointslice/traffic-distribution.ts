// Zone hints for spec.trafficDistribution (k8s.io/endpointslice/trafficdist, 1.32: PreferClose only).
import type { Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';

interface Plan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** v1.AnnotationTopologyMode and its deprecated predecessor (topology-aware hints, "Auto"). */
const TOPOLOGY_ANNOTATIONS = ['service.kubernetes.io/topology-aware-hints', 'service.kubernetes.io/topology-mode'];

/** hintsEnabled: the topology annotation asks for "Auto" hints (the deprecated key wins when both are set). */
export function topologyHintsEnabled(svc: Service): boolean {
  const annotations = svc.metadata?.annotations ?? {};
  const key = TOPOLOGY_ANNOTATIONS.find((k) => Object.hasOwn(annotations, k));
  const value = key === undefined ? undefined : annotations[key];
  return value === 'Auto' || value === 'auto';
}

const ready = (e: Endpoint): boolean => e.conditions?.ready === true;

/** The hints an endpoint should carry: its own zone when ready under PreferClose, none otherwise. */
function wantedZone(e: Endpoint, preferClose: boolean): string | undefined {
  return preferClose && ready(e) && e.zone ? e.zone : undefined;
}

function needsUpdate(slice: EndpointSlice, preferClose: boolean): boolean {
  return slice.endpoints.some((e) => {
    if (!preferClose) return e.hints != null;
    if (!ready(e)) return false;
    const zones = e.hints?.forZones ?? [];
    return e.zone ? zones.length !== 1 || zones[0]?.name !== e.zone : zones.length > 0;
  });
}

function applyHints(slice: EndpointSlice, preferClose: boolean): void {
  slice.endpoints = slice.endpoints.map((e) => {
    // PreferClose leaves the hints of endpoints that are not ready as they are
    if (preferClose && !ready(e)) return e;
    const { hints: _drop, ...rest } = e;
    const zone = wantedZone(e, preferClose);
    return zone ? { ...rest, hints: { forZones: [{ name: zone }] } } : rest;
  });
}

/**
 * ReconcileHints (trafficdist): with trafficDistribution PreferClose every ready endpoint is hinted
 * for its own zone; otherwise hints are removed. Unchanged slices that need a fix join the updates.
 * Services with the topology-mode annotation are left to topology-aware hints, which are not simulated.
 */
export function reconcileHints(svc: Service, plan: Plan, unchanged: EndpointSlice[]): Plan {
  if (topologyHintsEnabled(svc)) return plan;
  const preferClose = svc.spec?.trafficDistribution === 'PreferClose';
  const update = [...plan.update, ...unchanged.filter((s) => needsUpdate(s, preferClose)).map((s) => structuredClone(s))];
  for (const slice of [...plan.create, ...update]) applyHints(slice, preferClose);
  return { ...plan, update };
}
