// Pods as the API server stores them (no scheduler or kubelet assumed): defaults, admission, columns, pod field selectors.
import { describe, expect, it } from 'vitest';
import { kubectl, newNamespace, tableRows } from './support/kubectl';

describe('pods', () => {
  it('kubectl run returns a Pending pod with upstream defaults and admission fields', async () => {
    const ns = await newNamespace('pods');
    const pod = JSON.parse((await kubectl(['-n', ns, 'run', 'p', '--image=nginx:1.25', '-o', 'json'])).stdout);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(pod.metadata.labels).toEqual({ run: 'p' });
    const spec = pod.spec;
    expect(spec.containers[0]).toMatchObject({
      name: 'p',
      image: 'nginx:1.25',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(spec).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    // `:latest` (or no tag) means imagePullPolicy Always.
    const latest = JSON.parse((await kubectl(['-n', ns, 'run', 'q', '--image=nginx', '-o', 'json'])).stdout);
    expect(latest.spec.containers[0].imagePullPolicy).toBe('Always');
    // Requests equal to limits make the pod Guaranteed.
    const guaranteed = JSON.parse(
      (
        await kubectl([
          '-n',
          ns,
          'run',
          'g',
          '--image=nginx:1.25',
          '-o',
          'json',
          '--overrides={"spec":{"containers":[{"name":"g","image":"nginx:1.25","resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]}}',
        ])
      ).stdout,
    );
    expect(guaranteed.status.qosClass).toBe('Guaranteed');
    expect(guaranteed.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
  });

  it('get pods prints READY/STATUS columns, -o wide adds IP and NODE, and pod field selectors work', async () => {
    const ns = await newNamespace('pods-get');
    await kubectl(['-n', ns, 'run', 'p', '--image=nginx:1.25']);
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'pods'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1]?.slice(0, 2)).toEqual(['p', '0/1']);
    const wide = tableRows((await kubectl(['-n', ns, 'get', 'pods', '-o', 'wide'])).stdout);
    expect(wide[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const pod = JSON.parse((await kubectl(['-n', ns, 'get', 'pod', 'p', '-o', 'json'])).stdout);
    const phase: string = pod.status.phase;
    const byPhase = (await kubectl(['-n', ns, 'get', 'pods', '--field-selector', `status.phase=${phase}`, '-o', 'name'])).stdout;
    expect(byPhase).toBe('pod/p\n');
    const other = phase === 'Failed' ? 'Succeeded' : 'Failed';
    expect((await kubectl(['-n', ns, 'get', 'pods', '--field-selector', `status.phase=${other}`, '-o', 'name'])).stdout).toBe('');
    const node: string = pod.spec.nodeName ?? '';
    expect((await kubectl(['-n', ns, 'get', 'pods', '--field-selector', `spec.nodeName=${node}`, '-o', 'name'])).stdout).toBe('pod/p\n');
    // -A uses the cluster-wide pods list.
    const all = tableRows((await kubectl(['get', 'pods', '-A', '--field-selector', `metadata.namespace=${ns}`])).stdout);
    expect(all.map((r) => r.slice(0, 2))).toEqual([
      ['NAMESPACE', 'NAME'],
      [ns, 'p'],
    ]);
  });
});
