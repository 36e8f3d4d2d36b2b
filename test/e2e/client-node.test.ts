// @kubernetes/client-node 1.x against the server: typed CoreV1Api calls and an informer (list + watch).
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { newNamespace, poll } from './support/kubectl';

let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
beforeAll(() => {
  kc = new k8s.KubeConfig();
  kc.loadFromFile(inject('kubeconfig'));
  core = kc.makeApiClient(k8s.CoreV1Api);
});

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

describe('client-node CoreV1Api', () => {
  it('lists, creates, patches, reads and deletes a configmap', async () => {
    const namespace = await newNamespace('client-crud');
    // a new namespace holds only its kube-root-ca.crt
    expect((await core.listNamespacedConfigMap({ namespace })).items.map((i) => i.metadata?.name)).toEqual(['kube-root-ca.crt']);
    const created = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'c1', labels: { app: 'x' } }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.metadata?.namespace).toBe(namespace);

    const patched = await core.patchNamespacedConfigMap({ name: 'c1', namespace, body: { data: { b: '2' } } }, mergePatch);
    expect(patched.data).toEqual({ a: '1', b: '2' });
    expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));

    const list = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app=x' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['c1']);
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect((await core.readNamespacedConfigMap({ name: 'c1', namespace })).data).toEqual({ a: '1', b: '2' });

    await core.deleteNamespacedConfigMap({ name: 'c1', namespace });
    const err = await core.readNamespacedConfigMap({ name: 'c1', namespace }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    const apiErr = err as k8s.ApiException<string>;
    expect(apiErr.code).toBe(404);
    expect(JSON.parse(apiErr.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "c1" not found' });
  });

  it('a create of an existing name rejects with a 409 Status', async () => {
    const namespace = await newNamespace('client-conflict');
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dup' } } });
    const err = (await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dup' } } }).catch((e: unknown) => e)) as k8s.ApiException<string>;
    expect(err.code).toBe(409);
    expect(JSON.parse(err.body)).toMatchObject({ reason: 'AlreadyExists', details: { name: 'dup', kind: 'configmaps' } });
  });

  it('lists namespaces and reads one', async () => {
    const namespace = await newNamespace('client-ns');
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', namespace]));
    expect((await core.readNamespace({ name: namespace })).status?.phase).toBe('Active');
  });
});

describe('client-node informer', () => {
  let informer: k8s.Informer<k8s.V1ConfigMap> | undefined;
  afterEach(async () => {
    await informer?.stop();
    informer = undefined;
  });

  it('sees add, update and delete in order, and its cache follows', async () => {
    const namespace = await newNamespace('client-informer');
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'before' }, data: { v: '0' } } });
    const inf = k8s.makeInformer<k8s.V1ConfigMap>(kc, `/api/v1/namespaces/${namespace}/configmaps`, () =>
      core.listNamespacedConfigMap({ namespace }),
    );
    informer = inf;
    const events: string[] = [];
    const errors: unknown[] = [];
    inf.on(k8s.ADD, (o) => events.push(`add ${o.metadata?.name} ${o.data?.v}`));
    inf.on(k8s.UPDATE, (o) => events.push(`update ${o.metadata?.name} ${o.data?.v}`));
    inf.on(k8s.DELETE, (o) => events.push(`delete ${o.metadata?.name}`));
    inf.on(k8s.ERROR, (e) => errors.push(e));
    await inf.start();
    // the initial list: 'before' and the namespace's kube-root-ca.crt (which has no data.v)
    await poll(() => events.length >= 2, 10_000, `initial list; events ${JSON.stringify(events)}`);

    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'live' }, data: { v: '1' } } });
    await core.patchNamespacedConfigMap({ name: 'live', namespace, body: { data: { v: '2' } } }, mergePatch);
    await core.deleteNamespacedConfigMap({ name: 'live', namespace });
    await poll(() => events.length >= 5, 10_000, `5 events; got ${JSON.stringify(events)}; errors ${String(errors)}`);
    expect(events).toEqual(['add before 0', 'add kube-root-ca.crt undefined', 'add live 1', 'update live 2', 'delete live']);
    expect(errors).toEqual([]);
    expect(inf.list(namespace).map((o) => o.metadata?.name).sort()).toEqual(['before', 'kube-root-ca.crt']);
    expect(inf.get('before', namespace)?.data).toEqual({ v: '0' });
  });

  it('a label-selected informer only sees matching objects', async () => {
    const namespace = await newNamespace('client-informer-sel');
    const inf = k8s.makeInformer<k8s.V1ConfigMap>(
      kc,
      `/api/v1/namespaces/${namespace}/configmaps`,
      () => core.listNamespacedConfigMap({ namespace, labelSelector: 'pick=yes' }),
      'pick=yes',
    );
    informer = inf;
    const added: string[] = [];
    inf.on(k8s.ADD, (o) => added.push(o.metadata?.name ?? '?'));
    await inf.start();
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'skip', labels: { pick: 'no' } } } });
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'take', labels: { pick: 'yes' } } } });
    await poll(() => added.includes('take'), 10_000, `take; got ${JSON.stringify(added)}`);
    expect(added).toEqual(['take']);
  });
});
