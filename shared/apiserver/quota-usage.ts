import type { Container, PersistentVolumeClaim, Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { addQty, cmpQty, parseQty, qtyOf, type Qty } from './quota-quantity';

/** A resource list as quota reckons it: resource name → quantity. */
export type Usage = Map<string, Qty>;

/** The storage key (`pods`, `deployments.apps`) of a resource, and the `count/` name its objects are counted under. */
export function countName(storageKey: string): string {
  return `count/${storageKey}`;
}

/** Object-count names the legacy core resources are also quota'd under (`pods` is a compute name, see podUsage). */
const LEGACY_COUNT = new Set(['services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas']);

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

function add(u: Usage, name: string, q: Qty): void {
  const had = u.get(name);
  u.set(name, had ? addQty(had, q) : q);
}

/**
 * QuotaV1Pod: a pod counts towards compute quota until it is terminal, or its deletion's grace period
 * has run out (`count/pods` counts every stored pod).
 */
export function podCountsForQuota(pod: Pod, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deleting = pod.metadata?.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : undefined;
  // deletionTimestamp already names the end of the grace period
  return !(deleting !== undefined && nowMs > deleting);
}

type List = Record<string, string> | undefined;

/** resourcehelper.PodRequests/PodLimits: the containers' sum, at least each init container's, plus overhead. */
function podResources(pod: Pod, field: 'requests' | 'limits'): Usage {
  const out: Usage = new Map();
  for (const c of pod.spec?.containers ?? []) for (const [k, v] of Object.entries((c.resources?.[field] as List) ?? {})) {
    const q = parseQty(v);
    if (q) add(out, k, q);
  }
  for (const c of pod.spec?.initContainers ?? []) for (const [k, v] of Object.entries((c.resources?.[field] as List) ?? {})) {
    const q = parseQty(v);
    const had = out.get(k);
    if (q && (!had || cmpQty(q, had) > 0)) out.set(k, q);
  }
  for (const [k, v] of Object.entries((pod.spec?.overhead as List) ?? {})) {
    const q = parseQty(v);
    if (q && (field === 'requests' || out.has(k))) add(out, k, q);
  }
  return out;
}

/** podComputeUsageHelper: `pods` 1, cpu/memory/ephemeral-storage as `requests.*` (and bare names) and `limits.*`, extended resources as `requests.*`. */
export function computeUsage(requests: Usage, limits: Usage): Usage {
  const out: Usage = new Map([['pods', qtyOf(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [k, v] of requests) {
    if (k.startsWith('hugepages-')) out.set(`requests.${k}`, v);
    else if (k.includes('/') && !k.startsWith('kubernetes.io/')) out.set(`requests.${k}`, v);
  }
  return out;
}

/** podEvaluator.Usage: `count/pods` always; the compute names while the pod counts (podCountsForQuota). */
export function podUsage(pod: Pod, nowMs: number): Usage {
  const out: Usage = new Map([[countName('pods'), qtyOf(1)]]);
  if (!podCountsForQuota(pod, nowMs)) return out;
  for (const [k, v] of computeUsage(podResources(pod, 'requests'), podResources(pod, 'limits'))) out.set(k, v);
  return out;
}

/** The compute names one container provides (what podEvaluator.Constraints checks each container for). */
export function containerUsageNames(c: Container): Set<string> {
  const toUsage = (l: List): Usage => new Map(Object.entries(l ?? {}).flatMap(([k, v]) => (parseQty(v) ? [[k, parseQty(v)!] as const] : [])));
  return new Set(computeUsage(toUsage(c.resources?.requests as List), toUsage(c.resources?.limits as List)).keys());
}

/** pvcEvaluator.Usage: the claim, its storage request (or a larger allocation), both per class too. */
function claimUsage(pvc: PersistentVolumeClaim): Usage {
  const out: Usage = new Map([[countName('persistentvolumeclaims'), qtyOf(1)], ['persistentvolumeclaims', qtyOf(1)]]);
  const cls = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, qtyOf(1));
  let storage = parseQty(pvc.spec?.resources?.requests?.['storage']);
  const allocated = parseQty((pvc.status?.allocatedResources as List)?.['storage']);
  if (allocated && (!storage || cmpQty(allocated, storage) > 0)) storage = allocated;
  if (storage) {
    out.set('requests.storage', storage);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

/** serviceEvaluator.Usage: the service, its node ports (NodePort and LoadBalancer), load balancers. */
function serviceUsage(svc: Service): Usage {
  const out: Usage = new Map([[countName('services'), qtyOf(1)], ['services', qtyOf(1)]]);
  const type = svc.spec?.type ?? 'ClusterIP';
  const ports = svc.spec?.ports?.length ?? 0;
  if (type === 'NodePort') out.set('services.nodeports', qtyOf(ports));
  if (type === 'LoadBalancer') {
    out.set('services.loadbalancers', qtyOf(1));
    if (svc.spec?.allocateLoadBalancerNodePorts !== false) out.set('services.nodeports', qtyOf(ports));
  }
  return out;
}

/** What one stored object of a resource (by storage key) uses, as quota's evaluators count it. */
export function usageOf(storageKey: string, obj: KubeObject, nowMs: number): Usage {
  if (storageKey === 'pods') return podUsage(obj as Pod, nowMs);
  if (storageKey === 'persistentvolumeclaims') return claimUsage(obj as PersistentVolumeClaim);
  if (storageKey === 'services') return serviceUsage(obj as Service);
  const out: Usage = new Map([[countName(storageKey), qtyOf(1)]]);
  if (LEGACY_COUNT.has(storageKey)) out.set(storageKey, qtyOf(1));
  return out;
}

/** evaluator.MatchingResources: which of a quota's resource names a resource's objects are charged under. */
export function matchingResources(storageKey: string, names: Iterable<string>): string[] {
  const matches = (n: string): boolean => {
    if (n === countName(storageKey)) return true;
    if (LEGACY_COUNT.has(storageKey) && n === storageKey) return true;
    switch (storageKey) {
      case 'pods':
        return n === 'pods' || ['cpu', 'memory', 'ephemeral-storage'].includes(n) || n.startsWith('requests.') || n.startsWith('limits.');
      case 'persistentvolumeclaims':
        return n === 'requests.storage' || n.includes(STORAGE_CLASS_SUFFIX);
      case 'services':
        return n === 'services.nodeports' || n === 'services.loadbalancers';
      default:
        return false;
    }
  };
  return [...names].filter(matches);
}

/** Whether a quota's scopes (and scope selector) select this object; only pods are scoped. */
export function quotaMatches(quota: ResourceQuota, storageKey: string, obj: KubeObject): boolean {
  const scopes = quota.spec?.scopes ?? [];
  const selectors = quota.spec?.scopeSelector?.matchExpressions ?? [];
  if (scopes.length === 0 && selectors.length === 0) return true;
  if (storageKey !== 'pods') return false;
  const pod = obj as Pod;
  const terminating = pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds !== null;
  const bestEffort = isBestEffort(pod);
  const scopeHolds = (scope: string): boolean | undefined => {
    switch (scope) {
      case 'Terminating': return terminating;
      case 'NotTerminating': return !terminating;
      case 'BestEffort': return bestEffort;
      case 'NotBestEffort': return !bestEffort;
      case 'CrossNamespacePodAffinity': return hasCrossNamespaceAffinity(pod);
      default: return undefined;
    }
  };
  if (!scopes.every((s) => scopeHolds(s) === true)) return false;
  return selectors.every((sel) => {
    if (sel.scopeName !== 'PriorityClass') return (scopeHolds(sel.scopeName) ?? false) === (sel.operator !== 'DoesNotExist');
    const pc = pod.spec?.priorityClassName ?? '';
    switch (sel.operator) {
      case 'In': return (sel.values ?? []).includes(pc);
      case 'NotIn': return !(sel.values ?? []).includes(pc);
      case 'Exists': return pc !== '';
      case 'DoesNotExist': return pc === '';
      default: return false;
    }
  });
}

function isBestEffort(pod: Pod): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.every((c) => ['cpu', 'memory'].every((r) => !c.resources?.requests?.[r] && !c.resources?.limits?.[r]));
}

function hasCrossNamespaceAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  const terms = [
    ...(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
    ...(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
  ];
  return terms.some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector !== undefined);
}
