import type { Pod } from 'kubernetes-types/core/v1';
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Client } from '../client';
import { buildSnapshot, explainAnnotations, scheduledMessage, scheduleOne } from '.';
import { readCluster } from './run-cycle';

const PREFIX = 'kube-scheduler-simulator.sigs.k8s.io/';

/**
 * A dry run of one scheduling cycle for a pod that need not exist: where it would go and why,
 * per plugin and per node, without binding anything. Served as the create-only resource
 * `schedulingexplanations.kubeflare.dev` (`kubectl create -f explain.yaml -o yaml`).
 */
export async function explainScheduling(client: Client, namespace: string, body: KubeObject, rand: () => number): Promise<KubeObject> {
  const pod = (body.spec as { pod?: Pod } | undefined)?.pod;
  if (!pod?.spec?.containers) throw badRequest('spec.pod must be a Pod with spec.containers');
  const candidate: Pod = {
    ...pod,
    metadata: { name: 'explain', uid: 'explain', ...pod.metadata, namespace },
    spec: { ...pod.spec, nodeName: undefined },
  };
  const { nodes, pods, pdbs, pvcs, pvs, storageClasses, config } = await readCluster(client);
  const schedulerName = candidate.spec?.schedulerName ?? 'default-scheduler';
  const profile = config.profiles.get(schedulerName);
  if (!profile) throw badRequest(`no scheduler profile named "${schedulerName}"`);
  const snapshot = buildSnapshot({ nodes: nodes.items, pods: pods.items, podDisruptionBudgets: pdbs.items, persistentVolumeClaims: pvcs.items, persistentVolumes: pvs.items, storageClasses: storageClasses.items });
  const result = scheduleOne(candidate, snapshot, profile, { rand, percentageOfNodesToScore: config.percentageOfNodesToScore });
  const annotations = explainAnnotations(result, profile);
  const parsed = (key: string) => {
    const v = annotations[`${PREFIX}${key}`];
    return v ? (JSON.parse(v) as unknown) : undefined;
  };
  return {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'SchedulingExplanation',
    metadata: { ...(body.metadata ?? {}), namespace, creationTimestamp: null } as never,
    spec: body.spec,
    status: {
      schedulerName,
      selectedNode: result.node ?? null,
      message: result.node ? scheduledMessage(namespace, candidate.metadata!.name!, result.node) : result.failureMessage,
      evaluatedNodes: result.evaluatedNodes,
      feasibleNodes: result.feasibleNodes,
      filter: parsed('filter-result'),
      scores: parsed('score-result'),
      finalScores: parsed('finalscore-result'),
      ...(result.postFilter?.nominatedNodeName
        ? { preemption: { nominatedNodeName: result.postFilter.nominatedNodeName, victims: (result.postFilter.victims ?? []).map((v) => `${v.metadata?.namespace}/${v.metadata?.name}`) } }
        : {}),
    },
  };
}
