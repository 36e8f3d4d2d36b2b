import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { ApiError } from '../../../shared/api/errors';
import { toTable } from '../../../shared/tables';
import { FIELD_DOCS } from '../../../shared/tables/field-docs';
import { MIN, NOW, ago } from './helpers';

const metadata = {
  name: 'web',
  namespace: 'prod',
  uid: 'c0ffee',
  resourceVersion: '17',
  creationTimestamp: ago(5 * MIN),
  labels: { app: 'web' },
};
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 },
};

describe('toTable', () => {
  it('renders the full Table body kubectl expects, with PartialObjectMetadata rows by default', () => {
    const table = toTable('apps', 'Deployment', [deployment], { now: NOW, resourceVersion: '42' });
    expect(table).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42' },
      columnDefinitions: [
        { name: 'Name', type: 'string', format: 'name', description: FIELD_DOCS['ObjectMeta.name'], priority: 0 },
        { name: 'Ready', type: 'string', format: '', description: 'Number of the pod with ready state', priority: 0 },
        { name: 'Up-to-date', type: 'string', format: '', description: FIELD_DOCS['DeploymentStatus.updatedReplicas'], priority: 0 },
        { name: 'Available', type: 'string', format: '', description: FIELD_DOCS['DeploymentStatus.availableReplicas'], priority: 0 },
        { name: 'Age', type: 'string', format: '', description: FIELD_DOCS['ObjectMeta.creationTimestamp'], priority: 0 },
        { name: 'Containers', type: 'string', format: '', description: 'Names of each container in the template.', priority: 1 },
        { name: 'Images', type: 'string', format: '', description: 'Images referenced by each container in the template.', priority: 1 },
        { name: 'Selector', type: 'string', format: '', description: FIELD_DOCS['DeploymentSpec.selector'], priority: 1 },
      ],
      rows: [
        {
          cells: ['web', '1/1', 1, 1, '5m', 'app', 'nginx', 'app=web'],
          object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata },
        },
      ],
    });
    expect(FIELD_DOCS['ObjectMeta.name']).toMatch(/^Name must be unique within a namespace\./);
  });

  it('every row has as many cells as there are columns', () => {
    const kinds: Array<[string, string]> = [
      ['', 'Pod'], ['', 'Node'], ['', 'Event'], ['events.k8s.io', 'Event'], ['', 'Namespace'], ['', 'ConfigMap'], ['', 'Secret'],
      ['', 'Service'], ['', 'ServiceAccount'], ['', 'Endpoints'], ['apps', 'Deployment'], ['apps', 'ReplicaSet'], ['apps', 'DaemonSet'],
      ['apps', 'StatefulSet'], ['coordination.k8s.io', 'Lease'], ['autoscaling', 'HorizontalPodAutoscaler'], ['policy', 'PodDisruptionBudget'],
      ['batch', 'Job'], ['batch', 'CronJob'], ['scheduling.k8s.io', 'PriorityClass'], ['apiextensions.k8s.io', 'CustomResourceDefinition'],
    ];
    for (const [group, kind] of kinds) {
      const t = toTable(group, kind, [{ metadata: { name: 'x' } }], { now: NOW });
      expect(t.rows[0]!.cells.length, `${group}/${kind}`).toBe(t.columnDefinitions.length);
    }
  });

  it('embeds the full object for includeObject=Object (kubectl --sort-by) and nothing for None', () => {
    const full = toTable('apps', 'Deployment', [deployment], { now: NOW, includeObject: 'Object' });
    expect(full.rows[0]!.object).toEqual(deployment);
    expect(full.rows[0]!.object).not.toBe(deployment);
    const none = toTable('apps', 'Deployment', [deployment], { now: NOW, includeObject: 'None' });
    expect(none.rows[0]).not.toHaveProperty('object');
  });

  it('rejects an unknown includeObject with upstream wording', () => {
    try {
      toTable('', 'Pod', [], { now: NOW, includeObject: 'Everything' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(400);
      expect((e as ApiError).message).toBe('unrecognized includeObject value: "Everything"');
    }
  });

  it('carries list metadata, v1beta1 and noHeaders', () => {
    const t = toTable('', 'Pod', [], { now: NOW, resourceVersion: '9', continue: 'abc', remainingItemCount: 3, apiVersion: 'meta.k8s.io/v1beta1', noHeaders: true });
    expect(t).toEqual({ kind: 'Table', apiVersion: 'meta.k8s.io/v1beta1', metadata: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 }, columnDefinitions: [], rows: [] });
    const beta = toTable('', 'Namespace', [{ metadata: { name: 'a' } }], { now: NOW, apiVersion: 'meta.k8s.io/v1beta1' });
    expect(beta.rows[0]!.object).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1', kind: 'PartialObjectMetadata' });
  });

  it('uses CRD columns when given, and row conditions for finished pods', () => {
    const cr = toTable('example.com', 'Widget', [{ metadata: { name: 'w' }, spec: { size: 'L' } }], {
      now: NOW,
      customColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
    });
    expect(cr.rows[0]!.cells).toEqual(['w', 'L']);
    const done = toTable('', 'Pod', [{ metadata: { name: 'p' }, spec: { containers: [] }, status: { phase: 'Succeeded' } }], { now: NOW });
    expect(done.rows[0]!.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });
});
