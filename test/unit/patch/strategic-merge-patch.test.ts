import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiError } from '../../../shared/api/errors';
import type { Json } from '../../../shared/api/object';
import { applyStrategicMergePatch } from '../../../shared/patch';
import { DEPLOYMENT, deploymentSchemas, mergeItemSchemas } from './fixtures';
import { smpUpstreamCases } from './smp-upstream-cases';

interface Row {
  description: string;
  original: Json;
  patch: Json;
  expected?: Json;
  error?: string;
}

const rows = parse(smpUpstreamCases) as Row[];

describe('applyStrategicMergePatch: upstream patch_test.go cases', () => {
  it.each(rows.map((r) => [r.description, r] as const))('%s', (_d, row) => {
    const original = structuredClone(row.original);
    const patch = structuredClone(row.patch);
    if (row.error !== undefined) {
      expect(() => applyStrategicMergePatch(original, patch, mergeItemSchemas, 'mergeItem')).toThrow(row.error);
      return;
    }
    expect(applyStrategicMergePatch(original, patch, mergeItemSchemas, 'mergeItem')).toEqual(row.expected);
    // inputs are never mutated
    expect(original).toEqual(row.original);
    expect(patch).toEqual(row.patch);
  });
});

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a/one'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};

describe('applyStrategicMergePatch: Deployment', () => {
  const cases: { name: string; patch: Json; check: (out: typeof deployment) => void }[] = [
    {
      name: 'kubectl apply: image change with $setElementOrder',
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
              containers: [{ name: 'nginx', image: 'nginx:1.27' }],
            },
          },
        },
      },
      check: (out) => {
        const cs = out.spec.template.spec.containers;
        expect(cs.map((c) => c.name)).toEqual(['nginx', 'sidecar']);
        expect(cs[0]!.image).toBe('nginx:1.27');
        expect(cs[0]!.env).toEqual(deployment.spec.template.spec.containers[0]!.env);
        expect(JSON.stringify(out)).not.toContain('$setElementOrder');
      },
    },
    {
      name: 'kubectl apply: strategy rollingUpdate → Recreate with $retainKeys',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      check: (out) => expect(out.spec.strategy).toEqual({ type: 'Recreate' }),
    },
    {
      name: '$retainKeys alone clears the keys it does not name',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      check: (out) => expect(out.spec.strategy).toEqual({ type: 'Recreate' }),
    },
    {
      name: 'delete a container by merge key',
      patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      check: (out) => expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['nginx']),
    },
    {
      name: 'replace the container list',
      patch: { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } },
      check: (out) => expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]),
    },
    {
      name: 'env merges by name, new entries are appended',
      patch: {
        spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } },
      },
      check: (out) =>
        expect(out.spec.template.spec.containers[0]!.env).toEqual([
          { name: 'A', value: '1' },
          { name: 'B', value: 'two' },
          { name: 'C', value: '3' },
        ]),
    },
    {
      // Without $setElementOrder upstream puts patch items the live list lacks first.
      name: 'ports merge by containerPort (new items first, as upstream)',
      patch: { spec: { template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443 }] }] } } } },
      check: (out) =>
        expect(out.spec.template.spec.containers[0]!.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: 'TCP' }]),
    },
    {
      name: 'volumes: an element $retainKeys switches the volume source',
      patch: {
        spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } } },
      },
      check: (out) => expect(out.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cm' } }]),
    },
    {
      name: 'finalizers are a merging primitive list',
      patch: { metadata: { finalizers: ['b/two'] } },
      check: (out) => expect(out.metadata.finalizers).toEqual(['b/two', 'a/one']),
    },
    {
      name: '$deleteFromPrimitiveList removes a finalizer',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/one'] } },
      check: (out) => expect(out.metadata.finalizers).toEqual([]),
    },
    {
      name: 'labels merge and null deletes',
      patch: { metadata: { labels: { app: null, tier: 'front' } } },
      check: (out) => expect(out.metadata.labels).toEqual({ tier: 'front' }),
    },
    {
      name: 'a new container with directives inside has them resolved',
      patch: {
        spec: {
          template: {
            spec: { containers: [{ name: 'new', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'Z', $patch: 'delete' }] }] },
          },
        },
      },
      check: (out) => expect(out.spec.template.spec.containers[0]).toEqual({ name: 'new', image: 'x', env: [{ name: 'A', value: '1' }] }),
    },
    {
      name: 'a map-level $patch: delete empties the map',
      patch: { spec: { template: { metadata: { labels: { $patch: 'delete' } } } } },
      check: (out) => expect(out.spec.template.metadata.labels).toEqual({}),
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const patch = JSON.parse(JSON.stringify(c.patch)) as Json;
    const out = applyStrategicMergePatch(deployment as unknown as Json, patch, deploymentSchemas, DEPLOYMENT);
    c.check(out as unknown as typeof deployment);
  });

  it('replaces lists the schema knows nothing about (custom resources)', () => {
    const cr = { spec: { items: [{ name: 'a', v: 1 }], nested: { keep: 1 } } };
    const out = applyStrategicMergePatch(cr, { spec: { items: [{ name: 'a', v: 2 }], nested: { add: 2 } } }, deploymentSchemas, undefined);
    expect(out).toEqual({ spec: { items: [{ name: 'a', v: 2 }], nested: { keep: 1, add: 2 } } });
  });

  it.each([
    ['an array', [1], 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['a string', 'x', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
  ])('rejects %s as a patch body with 400', (_n, body, message) => {
    try {
      applyStrategicMergePatch({}, body as Json, deploymentSchemas, DEPLOYMENT);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(400);
      expect((e as ApiError).reason).toBe('BadRequest');
      expect((e as ApiError).message).toBe(message);
    }
  });

  it('maps malformed directives to upstream status codes', () => {
    const err = (patch: Json) => {
      try {
        applyStrategicMergePatch(deployment as unknown as Json, patch, deploymentSchemas, DEPLOYMENT);
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('no error');
    };
    expect(err({ spec: { strategy: { $retainKeys: 'type' } } })).toMatchObject({ code: 400, message: 'invalid patch format of retainKeys' });
    expect(err({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } })).toMatchObject({
      code: 400,
      message: 'map: map[image:x] does not contain declared merge key: name',
    });
  });
});
