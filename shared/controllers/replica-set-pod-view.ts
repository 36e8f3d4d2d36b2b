import type { ContainerStatus, Pod, PodSpec, PodStatus } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { POD_DELETION_COST } from './pod-ranking';
import { podReadyCondition } from './pod-util';

/**
 * The fields of a pod that the ReplicaSet sync reads (claiming, expectations, status, deletion
 * ranking in shared/controllers/pod-ranking.ts), all its per-namespace pod view (a NamespaceView,
 * shared/controllers/namespace-view.ts) keeps, so a namespace of 50,000 pods does not hold 50,000
 * whole pods: a new field read there must be kept here too; test/unit/controllers/replica-set-pod-view.test.ts
 * checks the sync decides the same on both.
 */
export function replicaSetPodView(pod: Pod): Pod {
  const m = pod.metadata ?? {};
  const metadata: ObjectMeta = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'labels', 'ownerReferences'] as const) {
    if (m[k] !== undefined) (metadata as Record<string, unknown>)[k] = m[k];
  }
  const cost = m.annotations?.[POD_DELETION_COST];
  if (cost !== undefined) metadata.annotations = { [POD_DELETION_COST]: cost };
  const spec: PodSpec = { containers: [] };
  if (pod.spec?.nodeName) spec.nodeName = pod.spec.nodeName;
  // sidecars (restartable init containers): their restarts rank a pod for deletion
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length) spec.initContainers = sidecars.map(({ name, restartPolicy }) => ({ name, restartPolicy }));
  const st = pod.status;
  if (!st) return { metadata, spec };
  const restarts = (cs: readonly ContainerStatus[]) => cs.map(({ name, restartCount }) => ({ name, restartCount }) as ContainerStatus);
  const status: PodStatus = {};
  if (st.phase) status.phase = st.phase;
  const ready = podReadyCondition(pod);
  if (ready) status.conditions = [ready];
  if (st.containerStatuses) status.containerStatuses = restarts(st.containerStatuses);
  if (st.initContainerStatuses) status.initContainerStatuses = restarts(st.initContainerStatuses);
  return { metadata, spec, status };
}
