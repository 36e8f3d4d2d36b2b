import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';

/**
 * Every container of the pod's spec — init, regular, then ephemeral (an EphemeralContainer is a
 * Container with a target), as podutil.VisitContainers walks them.
 */
export function podContainers(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as Container[])];
}

/** The container of that name in any of the pod's lists. */
export function podContainer(pod: Pod, name: string): Container | undefined {
  return podContainers(pod).find((c) => c.name === name);
}

/** What the kubelet last reported of that container, whichever list it is in. */
export function podContainerStatus(pod: Pod, name: string): ContainerStatus | undefined {
  const s = pod.status;
  return [...(s?.initContainerStatuses ?? []), ...(s?.containerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])].find((c) => c.name === name);
}
