import { describe, expect, it } from 'vitest';
import { checkFields, componentsFor } from '../../../shared/openapi';
import { compareKubeVersions, crdSchemaSource, crdStatus, crdToResourceDef, crdTypeName, isEstablished } from '../../../shared/crd';
import { cronTabCRD } from './fixtures';

const NOW = '2024-05-01T00:00:00Z';
const LATER = '2024-05-01T01:00:00Z';

describe('crdStatus', () => {
  it('accepts fresh names and establishes the CRD', () => {
    const status = crdStatus(cronTabCRD(), [], NOW);
    expect(status.conditions).toEqual([
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: NOW },
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: NOW },
    ]);
    expect(status.acceptedNames).toEqual({ plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'] });
    expect(status.storedVersions).toEqual(['v1']);
  });

  it('keeps lastTransitionTime while nothing changes', () => {
    const crd = cronTabCRD();
    crd.status = crdStatus(crd, [], NOW);
    expect(isEstablished(crd)).toBe(true);
    expect(crdStatus(crd, [], LATER).conditions!.map((c) => c.lastTransitionTime)).toEqual([NOW, NOW]);
  });

  it('refuses a conflicting plural and does not establish', () => {
    const other = cronTabCRD((c) => ((c.metadata!.name = 'other.stable.example.com'), (c.spec.names = { plural: 'crontabs', kind: 'Other', listKind: 'OtherList' })));
    const status = crdStatus(cronTabCRD(), [other], NOW);
    expect(status.conditions![0]).toMatchObject({ type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' });
    expect(status.conditions![1]).toMatchObject({ type: 'NamesAccepted', status: 'False', reason: 'PluralConflict', message: '"crontabs" is already in use' });
    expect(status.acceptedNames!.plural).toBe('');
    expect(status.acceptedNames!.kind).toBe('CronTab');
  });
});

describe('crdToResourceDef', () => {
  it('maps names, scope, versions and subresources', () => {
    const crd = cronTabCRD((c) => {
      c.spec.versions[0]!.storage = false;
      c.spec.versions.push({ name: 'v1beta1', served: true, storage: false }, { name: 'v2', served: true, storage: true }, { name: 'v0', served: false, storage: false });
    });
    expect(crdToResourceDef(crd)).toEqual({
      group: 'stable.example.com',
      versions: ['v2', 'v1', 'v1beta1'],
      storageVersion: 'v2',
      kind: 'CronTab',
      plural: 'crontabs',
      singular: 'crontab',
      shortNames: ['ct'],
      categories: [],
      namespaced: true,
      subresources: ['status', 'scale'],
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' },
      typeNames: { v2: 'com.example.stable.v2.CronTab', v1: 'com.example.stable.v1.CronTab', v1beta1: 'com.example.stable.v1beta1.CronTab' },
      hasStatus: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
  });

  it('orders versions as upstream discovery does', () => {
    const sorted = ['v11alpha2', 'foo10', 'v10', 'v12alpha1', 'v3beta1', 'foo1', 'v1', 'v10beta3', 'v2'].sort(compareKubeVersions);
    expect(sorted).toEqual(['v10', 'v2', 'v1', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'foo1', 'foo10']);
  });
});

describe('crdSchemaSource', () => {
  const source = crdSchemaSource([cronTabCRD()]);
  const root = crdTypeName('stable.example.com', 'v1', 'CronTab');

  it('resolves the root type by GVK with metadata as ObjectMeta', () => {
    expect(source.rootType('stable.example.com', 'v1', 'CronTab')).toBe('com.example.stable.v1.CronTab');
    expect(source.rootType('apps', 'v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    const t = source.type(root)!;
    expect(t.gvk).toEqual({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' });
    expect(t.fields.metadata).toMatchObject({ kind: 'object', ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
    expect(t.fields.spec).toEqual({ kind: 'object', ref: `${root}.spec` });
    expect(source.type(`${root}.spec`)!.fields.replicas).toEqual({ kind: 'integer' });
  });

  it('works with the shared OpenAPI functions', () => {
    const check = checkFields(source, root, { spec: { replicas: 'x', bogus: 1 } });
    expect(check.unknown).toEqual(['spec.bogus']);
    expect(check.typeErrors[0]!.message).toBe('Invalid value: "string": spec.replicas in body must be of type integer: "string"');
    const components = componentsFor([root], source);
    expect(Object.keys(components)).toEqual(expect.arrayContaining([root, `${root}.spec`, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']));
  });
});
