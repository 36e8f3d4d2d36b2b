import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { badRequest } from '../api/errors';
import { podContainer, podContainerStatus } from './pod-containers';

/**
 * The container an exec or attach goes to, refused as the apiserver's streamLocation does before any
 * upgrade: a named container the pod lacks, no name for a pod of several containers, a pod not
 * bound to a node (all 400).
 */
export function streamTarget(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);
  const app = names(pod.spec?.containers);
  let container = requested;
  if (container) {
    if (!podContainer(pod, container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  } else if (app.length === 1) {
    container = app[0]!;
  } else if (app.length === 0) {
    throw badRequest(`a container name must be specified for pod ${name}`);
  } else {
    const init = names(pod.spec?.initContainers);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${app.join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`);
  }
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  return container;
}

/** The container's status when it is running (the only state the kubelet execs or attaches into). */
export function runningContainer(pod: Pod, container: string): ContainerStatus | undefined {
  const st = podContainerStatus(pod, container);
  return st?.state?.running ? st : undefined;
}
