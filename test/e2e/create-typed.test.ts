// `kubectl create <kind>` and `kubectl autoscale` send protobuf request bodies (kubectl >= 1.32).
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, newNamespace, tableRows } from './support/kubectl';

describe('typed kubectl create (protobuf bodies)', () => {
  it('create deployment', async () => {
    const ns = await newNamespace('create-deploy');
    const r = await kubectl(['-n', ns, 'create', 'deployment', 'd1', '--image=nginx:1.25', '--replicas=2', '--port=80']);
    expect(r.stdout).toBe('deployment.apps/d1 created\n');
    const d = await getJson(['-n', ns, 'deployment', 'd1']);
    expect(d.metadata.labels).toEqual({ app: 'd1' });
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'd1' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'd1' });
    const [c] = d.spec.template.spec.containers;
    expect([c.name, c.image, c.ports]).toEqual(['nginx', 'nginx:1.25', [{ containerPort: 80, protocol: 'TCP' }]]);
    // kubectl hides managedFields unless asked.
    expect(d.metadata.managedFields).toBeUndefined();
    const withFields = await getJson(['-n', ns, 'deployment', 'd1', '--show-managed-fields']);
    const mine = withFields.metadata.managedFields?.find((f: { manager: string }) => f.manager === 'kubectl-create');
    expect(mine).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(mine.fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('create configmap --from-literal', async () => {
    const ns = await newNamespace('create-cm');
    expect((await kubectl(['-n', ns, 'create', 'configmap', 'c1', '--from-literal=a=b', '--from-literal=greeting=hello world'])).stdout).toBe(
      'configmap/c1 created\n',
    );
    expect((await getJson(['-n', ns, 'configmap', 'c1'])).data).toEqual({ a: 'b', greeting: 'hello world' });
  });

  it('create secret generic', async () => {
    const ns = await newNamespace('create-secret');
    expect((await kubectl(['-n', ns, 'create', 'secret', 'generic', 's1', '--from-literal=password=s3cr3t'])).stdout).toBe(
      'secret/s1 created\n',
    );
    const s = await getJson(['-n', ns, 'secret', 's1']);
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ password: Buffer.from('s3cr3t').toString('base64') });
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'secrets'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(rows.find((r) => r[0] === 's1')?.slice(0, 3)).toEqual(['s1', 'Opaque', '1']);
  });

  it('create serviceaccount', async () => {
    const ns = await newNamespace('create-sa');
    expect((await kubectl(['-n', ns, 'create', 'serviceaccount', 'robot'])).stdout).toBe('serviceaccount/robot created\n');
    expect((await getJson(['-n', ns, 'serviceaccount', 'robot'])).metadata.name).toBe('robot');
  });

  it('create job fills in the job defaults and the generated selector', async () => {
    const ns = await newNamespace('create-job');
    expect((await kubectl(['-n', ns, 'create', 'job', 'j1', '--image=busybox:1.36', '--', 'echo', 'hi'])).stdout).toBe('job.batch/j1 created\n');
    const j = await getJson(['-n', ns, 'job', 'j1']);
    expect(j.spec.template.spec.containers[0]).toMatchObject({ name: 'j1', image: 'busybox:1.36', command: ['echo', 'hi'] });
    expect(j.spec.template.spec.restartPolicy).toBe('Never');
    expect([j.spec.backoffLimit, j.spec.completions, j.spec.parallelism, j.spec.completionMode, j.spec.suspend]).toEqual([
      6,
      1,
      1,
      'NonIndexed',
      false,
    ]);
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid } });
    expect(j.spec.template.metadata.labels).toMatchObject({
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'j1',
      'controller-uid': j.metadata.uid,
      'job-name': 'j1',
    });
  });

  it('create cronjob', async () => {
    const ns = await newNamespace('create-cj');
    expect((await kubectl(['-n', ns, 'create', 'cronjob', 'cj', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'date'])).stdout).toBe(
      'cronjob.batch/cj created\n',
    );
    const cj = await getJson(['-n', ns, 'cronjob', 'cj']);
    expect(cj.spec.schedule).toBe('*/5 * * * *');
    expect([cj.spec.concurrencyPolicy, cj.spec.suspend, cj.spec.successfulJobsHistoryLimit, cj.spec.failedJobsHistoryLimit]).toEqual([
      'Allow',
      false,
      3,
      1,
    ]);
  });

  it('autoscale deploy creates an HPA readable as autoscaling/v2 and v1', async () => {
    const ns = await newNamespace('autoscale');
    await kubectl(['-n', ns, 'create', 'deployment', 'd1', '--image=nginx:1.25']);
    expect((await kubectl(['-n', ns, 'autoscale', 'deployment', 'd1', '--min=2', '--max=5', '--cpu-percent=60'])).stdout).toBe(
      'horizontalpodautoscaler.autoscaling/d1 autoscaled\n',
    );
    const v2 = await getJson(['-n', ns, 'hpa', 'd1']);
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd1' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    const v1 = await getJson(['-n', ns, 'horizontalpodautoscalers.v1.autoscaling', 'd1']);
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'hpa'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(rows[1]?.slice(0, 5)).toEqual(['d1', 'Deployment/d1', 'cpu: <unknown>/60%', '2', '5']);
  });
});
