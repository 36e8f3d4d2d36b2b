import type { Pod, Service } from 'kubernetes-types/core/v1';

/**
 * labels.Set(selector).AsSelector(): every key/value of the map is on the object. A service without
 * a selector (nil) selects nothing, not everything; an empty map selects every pod.
 */
function selects(selector: Record<string, string> | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (selector == null) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => Object.hasOwn(l, k) && l[k] === v);
}

/** Whether a service's selector picks a pod of its namespace. */
export function selectsPod(svc: Service, pod: Pod): boolean {
  return pod.metadata?.namespace === svc.metadata?.namespace && selects(svc.spec?.selector, pod.metadata?.labels);
}

/** getServicesForPod: the names of the services whose selector picks a pod with these labels. */
export function servicesSelecting(services: readonly Service[], labels: Record<string, string> | undefined): string[] {
  return services.filter((s) => selects(s.spec?.selector, labels)).map((s) => s.metadata?.name ?? '');
}
