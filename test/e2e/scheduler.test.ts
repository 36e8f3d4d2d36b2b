// The scheduler (issue 3) as kubectl shows it: on nodes of different sizes, labels and taints (three pools), pods land
// where kube-scheduler's default profile puts them, events and score annotations explain it, and a bad
// KubeSchedulerConfiguration is refused with 422.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, ISOLATION_TAINT_KEY, POOL_LABEL, poolName } from './support/node-pools';

// zone-a: one 16-CPU node (disk=hdd) and one 32-CPU node tainted dedicated=gpu:NoSchedule (gpu=true);
// zone-b, zone-c: one 4-CPU node each (disk=ssd).
const big = poolName('e2e-sb');
const small = poolName('e2e-ss');
const gpu = poolName('e2e-sg');
const memory = '32Gi';

let ns: string;

beforeAll(async () => {
  await Promise.all([
    applyPool(big, { nodes: 1, capacity: { cpu: '16', memory, pods: '110' }, zones: ['zone-a'], labels: { disk: 'hdd' } }),
    applyPool(small, { nodes: 2, capacity: { cpu: '4', memory, pods: '110' }, zones: ['zone-b', 'zone-c'], labels: { disk: 'ssd' } }),
    applyPool(gpu, {
      nodes: 1,
      capacity: { cpu: '32', memory, pods: '110' },
      zones: ['zone-a'],
      labels: { gpu: 'true' },
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    }),
  ]);
  ns = await newNamespace('sched');
});
afterAll(async () => {
  await deletePools(big, small, gpu);
});

/** A pod spec that may use this file's three pools (and no other), with extra fields merged in. */
function podSpec(extra: Record<string, unknown> = {}, cpu = '500m') {
  const { tolerations = [], ...rest } = extra as { tolerations?: object[] };
  return {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: 'In', values: [big, small, gpu] }] }] } } },
    tolerations: [{ key: ISOLATION_TAINT_KEY, operator: 'Exists', effect: 'NoSchedule' }, ...tolerations],
    containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu, memory: '128Mi' } } }],
    ...rest,
  };
}

function deployment(name: string, replicas: number, spec: object) {
  const labels = { app: name };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } };
}

/** Waits for `count` pods labelled app=<name> to be bound; returns pod name → node name. */
async function placements(name: string, count: number): Promise<Map<string, string>> {
  const pods: any[] = await poll(async () => {
    const items: any[] = (await getJson(['-n', ns, 'pods', '-l', `app=${name}`])).items.filter((p: any) => !p.metadata.deletionTimestamp);
    return items.length === count && items.every((p) => p.spec.nodeName) ? items : undefined;
  }, 20_000, `${count} bound pods of ${name}`).catch(async (e: Error) => {
    // Say what the pods and the scheduler were doing.
    const pods = (await kubectl(['-n', ns, 'get', 'pods', '-l', `app=${name}`, '-o', 'wide'], { allowFail: true })).stdout;
    const events = (await kubectl(['-n', ns, 'get', 'events', '--sort-by=.lastTimestamp'], { allowFail: true })).stdout;
    throw new Error(`${e.message}\n${pods}\n${events.split('\n').slice(-15).join('\n')}`);
  });
  return new Map(pods.map((p) => [p.metadata.name as string, p.spec.nodeName as string]));
}

function countBy<T>(xs: Iterable<T>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[String(x)] = (out[String(x)] ?? 0) + 1;
  return out;
}

describe('where the default scheduler puts pods', () => {
  // First, while the nodes are empty, so the scores are easy to check by hand.
  it('LeastAllocated: a pod that fits everywhere goes to the node with the most room, and the scores say so', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'roomy', labels: { app: 'roomy' } }, spec: podSpec({}, '1') };
    // disk=hdd or disk=ssd: the 16-CPU node against two 4-CPU nodes.
    (pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!.matchExpressions as object[]).push({ key: 'disk', operator: 'Exists' });
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod) });
    const placed = await placements('roomy', 1);
    expect([...placed.values()]).toEqual([`${big}-0`]);
    const annotations = (await getJson(['-n', ns, 'pod', 'roomy'])).metadata.annotations;
    expect(annotations['kube-scheduler-simulator.sigs.k8s.io/selected-node']).toBe(`${big}-0`);
    const scores = JSON.parse(annotations['kube-scheduler-simulator.sigs.k8s.io/score-result']);
    // Upstream's arithmetic: cpu (16000-1000)*100/16000 = 93, (4000-1000)*100/4000 = 75; memory (32Gi-128Mi)/32Gi = 99;
    // NodeResourcesFit = (93+99)/2 = 96 and (75+99)/2 = 87.
    expect(scores[`${big}-0`].NodeResourcesFit).toBe('96');
    expect(scores[`${small}-0`].NodeResourcesFit).toBe('87');
    expect(scores[`${small}-1`].NodeResourcesFit).toBe('87');
  });

  it('nodeSelector is honoured, and the two matching nodes are both used', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment('ssd', 4, podSpec({ nodeSelector: { disk: 'ssd' } }))) });
    const placed = await placements('ssd', 4);
    // LeastAllocated + the system default topology spreading on two equal nodes: 2 and 2.
    expect(countBy(placed.values())).toEqual({ [`${small}-0`]: 2, [`${small}-1`]: 2 });

    // kubectl describe pod shows the Scheduled event in kube-scheduler's words.
    const [pod, node] = [...placed][0]!;
    const described = await poll(async () => {
      const out = (await kubectl(['-n', ns, 'describe', 'pod', pod])).stdout;
      return out.includes('Scheduled') ? out : undefined;
    }, 10_000, 'the Scheduled event');
    expect(described).toMatch(new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned ${ns}/${pod} to ${node}\\n`));
    expect(described).toMatch(/Node-Selectors:\s+disk=ssd\n/);
  });

  it('an untolerated NoSchedule taint keeps pods off the emptiest node; a toleration lets them on', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment('plain', 4, podSpec())) });
    const placed = await placements('plain', 4);
    expect([...placed.values()]).not.toContain(`${gpu}-0`);
    // The filter result annotation says why the gpu node was left out.
    const pod = await getJson(['-n', ns, 'pod', [...placed.keys()][0]!]);
    const filter = JSON.parse(pod.metadata.annotations['kube-scheduler-simulator.sigs.k8s.io/filter-result']);
    expect(filter[`${gpu}-0`].TaintToleration).toBe("node(s) had untolerated taint {dedicated: gpu}");
    expect(filter[`${big}-0`].TaintToleration).toBe('passed');

    const tolerating = podSpec({ nodeSelector: { gpu: 'true' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment('gpu', 2, tolerating)) });
    expect(countBy((await placements('gpu', 2)).values())).toEqual({ [`${gpu}-0`]: 2 });
  });

  it('PodTopologySpread maxSkew 1 over zones beats LeastAllocated: 2 pods in each of the 3 zones', async () => {
    const selector = { matchLabels: { app: 'spread' } };
    const spec = podSpec({
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }],
    });
    (spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!.matchExpressions as object[]).push({ key: 'disk', operator: 'Exists' });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment('spread', 6, spec)) });
    const placed = await placements('spread', 6);
    expect(countBy(placed.values())).toEqual({ [`${big}-0`]: 2, [`${small}-0`]: 2, [`${small}-1`]: 2 });
  });

  it('required pod anti-affinity by hostname: one pod per node, the one too many stays Pending', async () => {
    const spec = podSpec(
      {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: 'In', values: [big, small] }] }] } },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'anti' } }, topologyKey: 'kubernetes.io/hostname' }] },
        },
      },
      '10m',
    );
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment('anti', 4, spec)) });
    const pods: any[] = await poll(async () => {
      const items: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=anti'])).items;
      return items.length === 4 && items.filter((p) => p.spec.nodeName).length === 3 ? items : undefined;
    }, 20_000, '3 of 4 anti-affinity pods bound');
    expect(new Set(pods.filter((p) => p.spec.nodeName).map((p) => p.spec.nodeName))).toEqual(new Set([`${big}-0`, `${small}-0`, `${small}-1`]));
    const pending = pods.find((p) => !p.spec.nodeName).metadata.name;
    const event = await poll(async () => (await getJson(['-n', ns, 'events', '--field-selector', `involvedObject.name=${pending},reason=FailedScheduling`])).items[0], 15_000, 'a FailedScheduling event');
    expect(event.message).toMatch(/^0\/\d+ nodes are available: .*3 node\(s\) didn't match pod anti-affinity rules/);
  });

  it('a pod no node accepts gets FailedScheduling in kube-scheduler’s words and stays Pending', async () => {
    // Wants the gpu node without tolerating its taint: every other node fails node affinity.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-toleration' }, spec: podSpec({ nodeSelector: { gpu: 'true' } }) };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod) });
    const event = await poll(async () => (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=no-toleration,reason=FailedScheduling'])).items[0], 15_000, 'a FailedScheduling event');
    const m = /^0\/(\d+) nodes are available: /.exec(event.message);
    expect(m, event.message).not.toBeNull();
    const n = Number(m![1]);
    const reasons = ['1 node(s) had untolerated taint {dedicated: gpu}', `${n - 1} node(s) didn't match Pod's node affinity/selector`].sort();
    expect(event.message).toBe(`0/${n} nodes are available: ${reasons.join(', ')}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`);
    expect(event).toMatchObject({ type: 'Warning', reportingComponent: 'default-scheduler' });
    const described = (await kubectl(['-n', ns, 'describe', 'pod', 'no-toleration'])).stdout;
    expect(described).toMatch(/Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/\d+ nodes are available: /);
    expect(described).toMatch(/Status:\s+Pending\n/);
  });
});

describe('dry run: SchedulingExplanation', () => {
  it('kubectl create -o json explains where a pod would go and why, binding nothing', async () => {
    const explain = (name: string, spec: object) =>
      kubectl(['-n', ns, 'create', '-f', '-', '-o', 'json'], {
        stdin: manifest({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'SchedulingExplanation', metadata: { name }, spec: { pod: { metadata: { name }, spec } } }),
      }).then((r) => JSON.parse(r.stdout));
    const fits = await explain('would-fit', podSpec({ nodeSelector: { disk: 'ssd' } }));
    expect([`${small}-0`, `${small}-1`]).toContain(fits.status.selectedNode);
    expect(fits.status.message).toBe(`Successfully assigned ${ns}/would-fit to ${fits.status.selectedNode}`);
    expect(fits.status.filter[`${big}-0`].NodeAffinity).toBe("node(s) didn't match Pod's node affinity/selector");
    expect(Object.keys(fits.status.scores).sort()).toEqual([`${small}-0`, `${small}-1`]);

    const stuck = await explain('would-not', podSpec({ nodeSelector: { gpu: 'true' } }));
    expect(stuck.status.selectedNode).toBeNull();
    expect(stuck.status.message).toMatch(/^0\/\d+ nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, /);
    // Nothing was created or bound.
    for (const name of ['would-fit', 'would-not']) {
      expect((await kubectl(['-n', ns, 'get', 'pod', name], { allowFail: true })).stderr).toContain('NotFound');
    }
  });
});

describe('scheduler configuration', () => {
  it('a KubeSchedulerConfiguration naming an unknown plugin is refused with 422', async () => {
    const file = join(inject('workDir'), 'bad-scheduler-config.yaml');
    writeFileSync(
      file,
      `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      enabled:
      - name: NoSuchPlugin
`,
    );
    const r = await kubectl(['-n', 'kube-system', 'create', 'configmap', 'kube-scheduler-config', `--from-file=config.yaml=${file}`, '-v=6'], { allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/POST \S+\/api\/v1\/namespaces\/kube-system\/configmaps\S* 422 Unprocessable Entity/);
    expect(r.stderr).toContain(
      'error: failed to create configmap: ConfigMap "kube-scheduler-config" is invalid: data[config.yaml].profiles[0].plugins.score.enabled[0]: Invalid value: "NoSuchPlugin": ScorePlugin "NoSuchPlugin" does not exist',
    );
    expect((await kubectl(['-n', 'kube-system', 'get', 'configmap', 'kube-scheduler-config'], { allowFail: true })).stderr).toContain('NotFound');
  });
});
