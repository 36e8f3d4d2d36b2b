import { describe, expect, it } from 'vitest';
import { builtinSchemas, openapiGroupVersionDocument, openapiIndex } from '../../../shared/openapi';

type Doc = Record<string, any>;

const apps: Doc = openapiGroupVersionDocument(
  {
    group: 'apps',
    version: 'v1',
    resources: [
      { plural: 'deployments', kind: 'Deployment', namespaced: true, subresources: ['status', 'scale'], typeName: 'io.k8s.api.apps.v1.Deployment' },
    ],
  },
  builtinSchemas,
);
const core: Doc = openapiGroupVersionDocument(
  {
    group: '',
    version: 'v1',
    resources: [
      { plural: 'pods', kind: 'Pod', namespaced: true, subresources: ['status', 'eviction', 'log'], typeName: 'io.k8s.api.core.v1.Pod' },
      { plural: 'nodes', kind: 'Node', namespaced: false, subresources: ['status'], typeName: 'io.k8s.api.core.v1.Node' },
    ],
  },
  builtinSchemas,
);
const schemas = (doc: Doc) => doc.components.schemas as Record<string, Doc>;

describe('openapiIndex', () => {
  it('lists api/v1 and apis/<group>/<version> documents with their hashes', () => {
    expect(openapiIndex(['apps/v1', 'v1'], (gv) => `H-${gv}`)).toEqual({
      paths: {
        'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=H-v1' },
        'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=H-apps/v1' },
      },
    });
  });
});

describe('openapiGroupVersionDocument: paths', () => {
  it('is an OpenAPI 3.0 document', () => {
    expect(apps.openapi).toBe('3.0.0');
    expect(apps.info).toEqual({ title: 'Kubernetes', version: 'v1.32.0' });
  });

  it.each([
    ['/apis/apps/v1/namespaces/{namespace}/deployments', 'get', 'list', 'Deployment', 'listAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments', 'post', 'post', 'Deployment', 'createAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments', 'delete', 'deletecollection', 'Deployment', 'deleteCollectionAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'get', 'get', 'Deployment', 'readAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'put', 'put', 'Deployment', 'replaceAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch', 'patch', 'Deployment', 'patchAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'delete', 'delete', 'Deployment', 'deleteAppsV1NamespacedDeployment'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status', 'patch', 'patch', 'Deployment', 'patchAppsV1NamespacedDeploymentStatus'],
    ['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale', 'put', 'put', 'Scale', 'replaceAppsV1NamespacedDeploymentScale'],
    ['/apis/apps/v1/deployments', 'get', 'list', 'Deployment', 'listAppsV1DeploymentForAllNamespaces'],
  ])('%s %s: action %s, kind %s', (path, method, action, kind, operationId) => {
    const op = apps.paths[path][method];
    expect(op['x-kubernetes-action']).toBe(action);
    expect(op['x-kubernetes-group-version-kind'].kind).toBe(kind);
    expect(op.operationId).toBe(operationId);
  });

  it('PATCH advertises fieldValidation and every patch type, strategic merge included', () => {
    const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch.parameters.map((p: Doc) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(Object.keys(patch.requestBody.content)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    expect(patch.requestBody.content['application/strategic-merge-patch+json'].schema).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    });
  });

  it('every PATCH of a kind carries fieldValidation (kubectl checks whichever it finds first)', () => {
    for (const doc of [apps, core]) {
      for (const item of Object.values(doc.paths) as Doc[]) {
        if (item.patch) expect(item.patch.parameters.map((p: Doc) => p.name)).toContain('fieldValidation');
      }
    }
  });

  it('omits strategic merge patch when told to (custom resources)', () => {
    const doc: Doc = openapiGroupVersionDocument(
      { group: 'apps', version: 'v1', strategicMergePatch: false, resources: [{ plural: 'deployments', kind: 'Deployment', namespaced: true, subresources: [], typeName: 'io.k8s.api.apps.v1.Deployment' }] },
      builtinSchemas,
    );
    const content = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch.requestBody.content;
    expect(Object.keys(content)).not.toContain('application/strategic-merge-patch+json');
  });

  it('POST and PUT take the kind as body and return it; DELETE returns Status', () => {
    const collection = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
    expect(collection.post.requestBody).toEqual({ content: { '*/*': { schema: { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' } } }, required: true });
    expect(collection.post.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.apps.v1.Deployment');
    expect(collection.get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.apps.v1.DeploymentList');
    expect(collection.post.parameters.map((p: Doc) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
    const item = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.delete.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status');
    expect(item.parameters.map((p: Doc) => [p.name, p.in])).toEqual([['name', 'path'], ['namespace', 'path'], ['pretty', 'query']]);
  });

  it('core paths live under /api/v1; cluster-scoped kinds have no namespace segment', () => {
    expect(Object.keys(core.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/namespaces/{namespace}/pods',
        '/api/v1/namespaces/{namespace}/pods/{name}',
        '/api/v1/namespaces/{namespace}/pods/{name}/status',
        '/api/v1/namespaces/{namespace}/pods/{name}/eviction',
        '/api/v1/namespaces/{namespace}/pods/{name}/log',
        '/api/v1/pods',
        '/api/v1/nodes',
        '/api/v1/nodes/{name}',
        '/api/v1/nodes/{name}/status',
      ]),
    );
    expect(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post['x-kubernetes-group-version-kind']).toEqual({
      group: 'policy',
      kind: 'Eviction',
      version: 'v1',
    });
    expect(core.paths['/api/v1/nodes/{name}'].patch.operationId).toBe('patchCoreV1Node');
  });
});

describe('openapiGroupVersionDocument: components', () => {
  const s = schemas(apps);

  it('includes every type reachable from the kinds, and the shared ones', () => {
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'io.k8s.api.apps.v1.Deployment',
        'io.k8s.api.apps.v1.DeploymentList',
        'io.k8s.api.apps.v1.DeploymentSpec',
        'io.k8s.api.core.v1.PodTemplateSpec',
        'io.k8s.api.core.v1.Container',
        'io.k8s.api.autoscaling.v1.Scale',
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
        'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
        'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
        'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
        'io.k8s.apimachinery.pkg.api.resource.Quantity',
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
      ]),
    );
    // nothing dangling: every $ref names a component
    const refs = JSON.stringify(apps).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of new Set(refs)) expect(s[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
  });

  it('roots carry x-kubernetes-group-version-kind as a list (explain matches on it)', () => {
    expect(s['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(s['io.k8s.api.apps.v1.Deployment']!.type).toBe('object');
    expect(s['io.k8s.api.apps.v1.DeploymentSpec']!['x-kubernetes-group-version-kind']).toBeUndefined();
  });

  it('references named types through a one-element allOf, as upstream does', () => {
    const spec = s['io.k8s.api.apps.v1.Deployment']!.properties.spec;
    expect(spec.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }]);
    expect(spec.description).toBe('Specification of the desired behavior of the Deployment.');
    expect(s['io.k8s.api.apps.v1.DeploymentSpec']!.required).toEqual(['selector', 'template']);
  });

  it('spells list and patch metadata as vendor extensions', () => {
    const containers = s['io.k8s.api.core.v1.PodSpec']!.properties.containers;
    expect(containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(s['io.k8s.api.apps.v1.DeploymentSpec']!.properties.strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type']).toBe('atomic');
    expect(s['io.k8s.api.core.v1.PodSpec']!.properties.nodeSelector).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
      'x-kubernetes-map-type': 'atomic',
    });
  });

  it('spells scalars as upstream v3 does', () => {
    expect(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity']).toMatchObject({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(s['io.k8s.api.apps.v1.RollingUpdateDeployment']!.properties.maxSurge.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ]);
    expect(s['io.k8s.api.core.v1.ResourceRequirements']!.properties.limits.additionalProperties).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' }],
    });
  });

  it('is plain JSON (serialisable, no undefined holes)', () => {
    expect(JSON.parse(JSON.stringify(apps))).toEqual(apps);
  });
});
