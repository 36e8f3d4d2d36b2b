import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { isPodReady, reconcileDeployment, reconcileReplicaSet } from '../../../shared/controllers';
import { ClusterSim, deployment } from './cluster-sim';

function setup(replicas = 10, extra: Partial<Deployment['spec']> = {}): ClusterSim {
  const sim = new ClusterSim();
  sim.add('deployments', deployment('web', replicas, 'nginx:1.25', extra));
  return sim;
}

/** One controller round: deployment, then ReplicaSets; returns pods counts after it. */
function round(sim: ClusterSim): { total: number; available: number } {
  sim.reconcileDeployments();
  sim.reconcileReplicaSets();
  const pods = sim.pods;
  return { total: pods.length, available: pods.filter(isPodReady).length };
}

function settle(sim: ClusterSim, maxRounds = 100, startPerRound = Infinity): void {
  for (let i = 0; i < maxRounds; i++) {
    round(sim);
    sim.startPods(startPerRound);
    sim.tick();
  }
}

const web = (sim: ClusterSim) => sim.deployments[0] as Deployment;
const byRevision = (sim: ClusterSim) =>
  [...sim.replicaSets].sort((a, b) => Number(a.metadata!.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata!.annotations!['deployment.kubernetes.io/revision']));
const messages = (sim: ClusterSim) => sim.events.map((e) => `${e.reason}: ${e.message}`);

describe('Deployment rollout, simulated end to end', () => {
  it('creates the first ReplicaSet and reaches NewReplicaSetAvailable', () => {
    const sim = setup();
    settle(sim, 5);
    const [rs] = sim.replicaSets as [ReplicaSet];
    const hash = rs.metadata!.labels!['pod-template-hash'];
    expect(rs.metadata!.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.spec!.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata!.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '10',
      'deployment.kubernetes.io/max-replicas': '13',
    });
    expect(rs.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: web(sim).metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(sim.pods).toHaveLength(10);
    expect(sim.pods.every((p) => p.metadata!.generateName === `web-${hash}-`)).toBe(true);
    expect(messages(sim)).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 10`);
    expect(messages(sim).filter((m) => m.startsWith('SuccessfulCreate: Created pod: web-'))).toHaveLength(10);
    const d = web(sim);
    expect(d.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10, unavailableReplicas: 0 });
    const conds = Object.fromEntries(d.status!.conditions!.map((c) => [c.type, c]));
    expect(conds.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(conds.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
  });

  it('slow-starts pod creation in batches 1, 2, 4, …', () => {
    const sim = setup(10);
    sim.reconcileDeployments();
    const rs = sim.replicaSets[0]!;
    const r = reconcileReplicaSet({ rs, pods: [], now: sim.now });
    expect(r.actions.filter((a) => a.kind === 'create').map((a) => (a.kind === 'create' ? a.batch : -1))).toEqual([0, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect(r.expectations[`default/${rs.metadata!.name}`]!.add).toBe(10);
  });

  it.each([Infinity, 1, 3])('rolls 10 replicas at 25%%/25%%: available ≥ 8 and total ≤ 13 at every step (%s pods ready per round)', (perRound) => {
    const sim = setup();
    settle(sim, 5);
    sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.26'));
    const first = round(sim);
    const [oldRS, newRS] = byRevision(sim) as [ReplicaSet, ReplicaSet];
    // Upstream's numbers: the new ReplicaSet starts at 3 (surge), then the old one goes to 8.
    expect(newRS.spec!.replicas).toBe(3);
    expect(first.total).toBeLessThanOrEqual(13);
    round(sim);
    expect((sim.replicaSets.find((r) => r.metadata!.uid === oldRS.metadata!.uid) as ReplicaSet).spec!.replicas).toBe(8);
    let steps = 0;
    while (steps++ < 200) {
      const { total, available } = round(sim);
      expect(total).toBeLessThanOrEqual(13);
      expect(available).toBeGreaterThanOrEqual(8);
      const d = web(sim);
      if (d.status!.updatedReplicas === 10 && d.status!.availableReplicas === 10 && d.status!.replicas === 10) break;
      sim.startPods(perRound);
      sim.tick();
    }
    expect(steps).toBeLessThan(200);
    const d = web(sim);
    expect(d.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(sim.pods.every((p) => p.metadata!.labels!['pod-template-hash'] === newRS.metadata!.labels!['pod-template-hash'])).toBe(true);
    round(sim);
    expect(getProgressing(web(sim))).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata!.name}" has successfully progressed.` });
    expect(messages(sim)).toContain(`ScalingReplicaSet: Scaled down replica set ${oldRS.metadata!.name} from 10 to 8`);
  });

  it('rolls back (kubectl rollout undo) by re-using the old ReplicaSet with the next revision', () => {
    const sim = setup(4);
    settle(sim, 5);
    sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.26'));
    settle(sim, 20);
    const [v1] = byRevision(sim) as [ReplicaSet];
    // kubectl copies the old ReplicaSet's template without the hash label into the deployment.
    sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.25'));
    settle(sim, 20);
    expect(sim.replicaSets).toHaveLength(2);
    const reused = sim.replicaSets.find((r) => r.metadata!.uid === v1.metadata!.uid)!;
    expect(reused.metadata!.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(reused.spec!.replicas).toBe(4);
    expect(web(sim).metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('cleans up history beyond revisionHistoryLimit, oldest revisions first', () => {
    const sim = setup(2, { revisionHistoryLimit: 1 });
    for (const image of ['a', 'b', 'c', 'd']) {
      sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = image));
      settle(sim, 15);
    }
    const revs = byRevision(sim).map((r) => r.metadata!.annotations!['deployment.kubernetes.io/revision']);
    expect(revs).toEqual(['3', '4']); // the first edit lands before any sync: revisions 1..4
  });

  it('scales proportionally when scaled mid-rollout, within the new surge', () => {
    const sim = setup(10);
    settle(sim, 5);
    sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1.26'));
    round(sim);
    round(sim); // old 8, new 5 (surge room left by the old scale-down; new pods not ready yet)
    sim.edit('deployments', 'web', (d) => (d.spec.replicas = 20));
    round(sim);
    const [oldRS, newRS] = byRevision(sim) as [ReplicaSet, ReplicaSet];
    // 20 + surge 5 = 25 spread over 8 and 5 sized for max-replicas 13: round(8·25/13)=15, round(5·25/13)=10.
    expect(oldRS.spec!.replicas! + newRS.spec!.replicas!).toBe(25);
    expect(oldRS.spec!.replicas).toBe(15);
    expect(newRS.spec!.replicas).toBe(10);
    expect(newRS.metadata!.annotations!['deployment.kubernetes.io/max-replicas']).toBe('25');
    expect(oldRS.metadata!.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('20');
    settle(sim, 40);
    expect(web(sim).status).toMatchObject({ replicas: 20, updatedReplicas: 20, availableReplicas: 20 });
  });

  it('does not roll out while paused and resumes afterwards', () => {
    const sim = setup(3);
    settle(sim, 5);
    sim.edit('deployments', 'web', (d) => {
      d.spec.paused = true;
      d.spec.template.spec.containers[0].image = 'x';
    });
    settle(sim, 5);
    expect(sim.replicaSets).toHaveLength(1);
    expect(getProgressing(web(sim))).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    sim.edit('deployments', 'web', (d) => (d.spec.paused = false));
    round(sim);
    expect(sim.replicaSets).toHaveLength(2);
    expect(getProgressing(web(sim))).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated' });
    settle(sim, 20);
    expect(web(sim).status).toMatchObject({ updatedReplicas: 3, availableReplicas: 3 });
  });

  it('reports ProgressDeadlineExceeded when pods never become ready, and asks to be woken for it', () => {
    const sim = setup(2, { progressDeadlineSeconds: 60 });
    round(sim);
    const r = reconcileDeployment({ deployment: web(sim), replicaSets: sim.replicaSets, pods: sim.pods, now: sim.now });
    expect(r.requeueAfterMs).toBe(60_001);
    for (let i = 0; i < 3; i++) {
      sim.tick(1000);
      round(sim); // the ReplicaSet reports its 2 pods: progress refreshes lastUpdateTime
    }
    expect(getProgressing(web(sim))).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    sim.tick(59_000);
    round(sim);
    expect(getProgressing(web(sim))).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    sim.tick(2000);
    round(sim);
    const rsName = sim.replicaSets[0]!.metadata!.name;
    expect(getProgressing(web(sim))).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` });
    expect(web(sim).status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('Recreate scales the old ReplicaSet to 0 and waits for its pods before the new one', () => {
    const sim = setup(3, { strategy: { type: 'Recreate' } });
    settle(sim, 5);
    sim.edit('deployments', 'web', (d) => (d.spec.template.spec.containers[0].image = 'v2'));
    sim.reconcileDeployments();
    expect(sim.replicaSets).toHaveLength(1);
    expect(sim.replicaSets[0]!.spec!.replicas).toBe(0);
    sim.reconcileDeployments(); // old pods still reported by the ReplicaSet status
    expect(sim.replicaSets).toHaveLength(1);
    sim.reconcileReplicaSets();
    expect(sim.pods).toHaveLength(0);
    sim.reconcileDeployments(); // the ReplicaSet status has not caught up yet
    expect(sim.replicaSets).toHaveLength(1);
    sim.reconcileReplicaSets();
    sim.reconcileDeployments();
    const [, v2] = byRevision(sim);
    expect(v2!.spec!.replicas).toBe(3);
    settle(sim, 5);
    expect(web(sim).status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });
});

function getProgressing(d: Deployment) {
  return d.status!.conditions!.find((c) => c.type === 'Progressing');
}
