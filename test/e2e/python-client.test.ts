// The official Python client (Debian's python3-kubernetes) against the server: typed CoreV1Api/AppsV1Api, errors,
// server-side apply, watch.Watch().stream and the dynamic client. Each scenario is a script in ./python that runs
// once in its own namespace and prints what the client saw as JSON; the tests below assert on it.
import { describe, expect, it } from 'vitest';
import { ROOT_CA_PLACEHOLDER } from '../../shared/auth/root-ca';
import { newNamespace } from './support/kubectl';
import { PYTHON_CLIENT_MISSING, pythonClientVersion, runPython } from './support/python';

const version = pythonClientVersion();
if (!version) console.warn(`[e2e] skipping the Python client tests: ${PYTHON_CLIENT_MISSING}`);

/** `fn`'s promise, made on first use and shared by every later call (one script run for a block of tests). */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}

/** Runs `script` in a new namespace on first use and hands every test of the block the same result. */
function scenario(script: string, prefix: string): () => Promise<{ ns: string; r: any }> {
  return once(async () => {
    const ns = await newNamespace(prefix);
    return { ns, r: await runPython(script, [ns]) };
  });
}

const rv = (o: any) => Number(o.metadata.resourceVersion);
const withoutBookmarks = (events: unknown[][]) => events.filter((e) => e[0] !== 'BOOKMARK');

describe.skipIf(!version)(`official Python client ${version ?? '(not installed)'}`, () => {
  const crud = scenario('crud.py', 'py-crud');

  describe('CoreV1Api ConfigMaps', () => {
    it('lists, creates, patches (strategic merge, JSON merge, JSON patch), replaces and reads', async () => {
      const { ns, r } = await crud();
      const c = r.configMaps;
      // a new namespace holds only its kube-root-ca.crt
      expect(c.listedBefore).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
      expect(c.listedBefore.items.map((i: any) => i.metadata.name)).toEqual(['kube-root-ca.crt']);
      expect(c.listedBefore.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(c.created.metadata).toMatchObject({ name: 'c1', namespace: ns, labels: { app: 'py' } });
      expect(c.created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      // The field manager comes from the client's User-Agent, "OpenAPI-Generator/22.6.0/python".
      expect(c.created.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toEqual([['OpenAPI-Generator', 'Update']]);
      expect([c.created, c.strategic, c.merge, c.jsonPatch, c.replaced].map((o) => o.data)).toEqual([
        { a: '1', b: '2' },
        { a: '1', b: '2', c: '3' },
        { b: '2', c: '3' },
        { b: 'two', c: '3' },
        { replaced: 'yes' },
      ]);
      const versions = [c.created, c.strategic, c.merge, c.jsonPatch, c.replaced].map(rv);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(5);
      expect(c.replaced.metadata.uid).toBe(c.created.metadata.uid);
      expect(c.listedByLabel).toEqual(['c1']);
      expect(c.listedByOtherLabel).toEqual([]);
      expect(c.read.data).toEqual({ replaced: 'yes' });
      expect(rv(c.read)).toBe(rv(c.replaced));
    });

    it('a replace with a stale resourceVersion raises ApiException 409 Conflict and writes nothing', async () => {
      const c = (await crud()).r.configMaps;
      expect(c.staleReplace).toMatchObject({ exception: 'ApiException', status: 409, reason: 'Conflict' });
      expect(c.staleReplace.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again',
        reason: 'Conflict',
        details: { name: 'c1', kind: 'configmaps' },
        code: 409,
      });
      expect(c.read.data).toEqual({ replaced: 'yes' });
    });

    it("dry_run='All' returns the object and stores nothing; limit and _continue page through the list", async () => {
      const c = (await crud()).r.configMaps;
      expect(c.dryRun).toEqual({ returnedName: 'dry', stored: 404 });
      expect(c.pages).toEqual([
        { names: ['c1', 'kube-root-ca.crt'], continue: true, remainingItemCount: 3 },
        { names: ['p1', 'p2'], continue: true, remainingItemCount: 1 },
        { names: ['p3'], continue: false, remainingItemCount: null },
      ]);
    });

    it('delete removes it: a read then raises ApiException 404 with a NotFound Status', async () => {
      const c = (await crud()).r.configMaps;
      expect(c.readAfterDelete).toMatchObject({ exception: 'ApiException', status: 404 });
      expect(c.readAfterDelete.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'configmaps "c1" not found',
        reason: 'NotFound',
        details: { name: 'c1', kind: 'configmaps' },
        code: 404,
      });
    });
  });

  describe('AppsV1Api Deployments', () => {
    it('create defaults the spec; list finds it', async () => {
      const d = (await crud()).r.deployments;
      expect(d.created.metadata.generation).toBe(1);
      expect(d.created.spec).toMatchObject({
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      });
      expect(d.created.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' });
      expect(d.listed).toEqual(['web']);
    });

    it('a strategic merge patch merges containers by name; a JSON merge patch replaces the list', async () => {
      const d = (await crud()).r.deployments;
      expect(d.strategic).toEqual({ images: [['web', 'nginx:1.26'], ['sidecar', 'busybox:1.36']], generation: 2 });
      expect(d.merge).toEqual({ images: [['web', 'nginx:1.27']], generation: 3 });
    });

    it('replace (read-modify-write) changes replicas and bumps generation; delete with DeleteOptions then read is 404', async () => {
      const d = (await crud()).r.deployments;
      expect(d.replaced).toMatchObject({ replicas: 3, generation: 4 });
      expect(d.readAfterDelete).toMatchObject({ status: 404, body: { reason: 'NotFound', message: 'deployments.apps "web" not found' } });
      expect(d.readAfterDelete.body.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
    });
  });

  describe('DELETE response', () => {
    it('of a ConfigMap and a Deployment is a Status Success naming the deleted object', async () => {
      const { r } = await crud();
      expect(r.configMaps.deleted).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Success' });
      expect(r.configMaps.deleted.details).toEqual({ name: 'c1', kind: 'configmaps', uid: r.configMaps.created.metadata.uid });
      expect(r.deployments.deleted).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Success' });
      expect(r.deployments.deleted.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments', uid: r.deployments.created.metadata.uid });
    });
  });

  describe('CoreV1Api Secrets', () => {
    // As upstream: stringData is merged into data (base64) and never stored or echoed.
    it('string_data is merged into data and not echoed', async () => {
      const { r } = await crud();
      for (const s of [r.secrets.created, r.secrets.read]) {
        expect(s.data).toEqual({ a: 'Yg==', c: 'ZA==' });
        expect(s).not.toHaveProperty('stringData');
      }
    });
  });

  describe('ApiException', () => {
    const errors = scenario('errors.py', 'py-errors');

    it('404 NotFound for a missing object and for a missing namespace', async () => {
      const { ns, r } = await errors();
      expect(r.notFound).toMatchObject({ exception: 'ApiException', status: 404, reason: 'Not Found' });
      expect(r.notFound.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'configmaps "missing" not found' });
      expect(r.namespaceNotFound).toMatchObject({ status: 404, body: { reason: 'NotFound', message: `namespaces "${ns}-missing" not found` } });
      expect(r.namespaceNotFound.body.details).toEqual({ name: `${ns}-missing`, kind: 'namespaces' });
    });

    it('409 AlreadyExists for a second create of a name', async () => {
      const { r } = await errors();
      expect(r.alreadyExists).toMatchObject({ status: 409, reason: 'Conflict' });
      expect(r.alreadyExists.body).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "dup" already exists', details: { name: 'dup', kind: 'configmaps' } });
    });

    it('422 Invalid with field causes for a bad name and a Deployment whose selector does not match', async () => {
      const { r } = await errors();
      expect(r.invalidName).toMatchObject({ status: 422, reason: 'Unprocessable Entity', body: { code: 422, reason: 'Invalid' } });
      expect(r.invalidName.body.details).toMatchObject({ name: 'Bad_Name', kind: 'ConfigMap' });
      expect(r.invalidName.body.details.causes).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'metadata.name' })]);
      expect(r.invalidDeployment.body).toMatchObject({
        code: 422,
        reason: 'Invalid',
        message: 'Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
        details: { name: 'mismatch', group: 'apps', kind: 'Deployment' },
      });
    });

    it('422 for a JSON patch whose test fails and for a patch that makes the object invalid', async () => {
      const { r } = await errors();
      // Upstream wraps the JSON patch library's error in NewGenericServerResponse(422): a fixed message, empty details.
      expect(r.jsonPatchTestFailed).toMatchObject({ status: 422, body: { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' } });
      expect(r.invalidPatch).toMatchObject({ status: 422, body: { reason: 'Invalid', details: { name: 'dup', kind: 'ConfigMap' } } });
      expect(r.invalidPatch.body.details.causes).toEqual([expect.objectContaining({ field: 'data[bad key!]' })]);
    });

    it('refused requests changed nothing', async () => {
      const { r } = await errors();
      expect(r.unchanged.data).toEqual({ v: 'original' });
      expect(r.unchanged.resourceVersionAfter).toBe(r.unchanged.resourceVersionBefore);
      expect(r.listedNames).toEqual(['dup', 'kube-root-ca.crt']);
      expect(r.deploymentsListed).toEqual([]);
    });
  });

  describe('server-side apply', () => {
    const apply = scenario('apply.py', 'py-apply');

    it('creates with the field manager, refuses a conflicting manager with 409 and its causes, shares and drops fields', async () => {
      const { r } = await apply();
      expect(r.created).toEqual({ data: { a: '1', b: '1' }, managers: [['py-first', 'Apply']] });
      expect(r.conflict).toMatchObject({ status: 409, reason: 'Conflict' });
      expect(r.conflict.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 1 conflict: conflict with "py-first": .data.a',
        reason: 'Conflict',
        details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "py-first"', field: '.data.a' }] },
        code: 409,
      });
      expect(r.shared).toEqual({ data: { a: '1', b: '1', c: '2' }, managers: [['py-first', 'Apply'], ['py-second', 'Apply']] });
      expect(r.dropped).toEqual({
        data: { a: '1', c: '2' },
        fields: { 'py-first': { 'f:data': { 'f:a': {} } }, 'py-second': { 'f:data': { 'f:c': {} } } },
      });
    });

    it('applies a Deployment from YAML text; a second apply changes replicas and generation', async () => {
      const { r } = await apply();
      expect(r.deployment).toEqual({
        created: { replicas: 1, generation: 1, managers: [['py-first', 'Apply']] },
        scaled: { replicas: 2, generation: 2 },
      });
    });

    it("the dynamic client's server_side_apply creates, and a conflict raises ConflictError", async () => {
      const { r } = await apply();
      expect(r.dynamicCreated).toEqual({ data: { d: '1' }, managers: [['py-dynamic', 'Apply']] });
      expect(r.dynamicConflict).toMatchObject({ exception: 'ConflictError', status: 409, body: { message: 'Apply failed with 1 conflict: conflict with "py-first": .data.a' } });
    });

    // The client sends force=True (Python's spelling of a boolean), which upstream takes for true.
    it('force=True (typed) and force_conflicts=True (dynamic) take a field over from its manager', async () => {
      const { r } = await scenario('apply-force.py', 'py-force')();
      expect(r.typed).toEqual({
        data: { a: '2', b: '1' },
        fields: { 'py-first': { 'f:data': { 'f:b': {} } }, 'py-second': { 'f:data': { 'f:a': {} } } },
      });
      // py-second owned only `a`: losing it removes its managedFields entry.
      expect(r.dynamic).toEqual({
        data: { a: '3', b: '1' },
        fields: { 'py-dynamic': { 'f:data': { 'f:a': {} } }, 'py-first': { 'f:data': { 'f:b': {} } } },
      });
    });
  });

  describe('discovery', () => {
    const discovery = once(() => runPython('discovery.py'));

    it('/version, /api/ and /apis/', async () => {
      const r = await discovery();
      expect(r.version).toEqual({ major: '1', minor: '32' });
      expect(r.coreVersions).toEqual(['v1']);
      expect(r.groups).toEqual(expect.arrayContaining(['apps', 'batch', 'coordination.k8s.io', 'policy']));
    });

    it('the resource lists at /api/v1/ and /apis/apps/v1/ (with the trailing slash the client writes)', async () => {
      const r = await discovery();
      expect(r.core).toEqual({
        groupVersion: 'v1',
        resources: {
          configmaps: { kind: 'ConfigMap', namespaced: true },
          pods: { kind: 'Pod', namespaced: true },
          'pods/status': { kind: 'Pod', namespaced: true },
          namespaces: { kind: 'Namespace', namespaced: false },
        },
      });
      expect(r.apps).toEqual({
        groupVersion: 'apps/v1',
        resources: { deployments: { kind: 'Deployment', namespaced: true }, 'deployments/scale': { kind: 'Scale', namespaced: true } },
      });
    });

    it('/apis/apps/ is the apps APIGroup with its preferred version', async () => {
      expect((await discovery()).appsGroup).toEqual({ name: 'apps', preferred: 'apps/v1' });
    });
  });

  describe('dynamic client', () => {
    const dyn = scenario('dynamic.py', 'py-dynamic');

    it('discovers ConfigMap and Deployment with their verbs', async () => {
      const { r } = await dyn();
      const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
      expect(r.resources).toEqual({
        configMaps: { name: 'configmaps', kind: 'ConfigMap', groupVersion: 'v1', namespaced: true, verbs },
        deployments: { name: 'deployments', kind: 'Deployment', groupVersion: 'apps/v1', namespaced: true, verbs },
      });
    });

    it('creates, gets, lists, patches (strategic and merge), replaces and deletes a ConfigMap', async () => {
      const { ns, r } = await dyn();
      expect(r.created).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'd1', namespace: ns }, data: { a: '1' } });
      expect(r.got.metadata.uid).toBe(r.created.metadata.uid);
      expect(r.listed).toEqual({ kind: 'ConfigMapList', names: ['d1', 'd2'] });
      expect([r.strategic.data, r.merge.data, r.replaced.data]).toEqual([{ a: '1', b: '2' }, { b: '2' }, { replaced: 'yes' }]);
      expect(rv(r.replaced)).toBeGreaterThan(rv(r.merge));
      expect(r.notFound).toMatchObject({ exception: 'NotFoundError', status: 404, body: { reason: 'NotFound', message: 'configmaps "d1" not found' } });
    });

    it('raises ConflictError for an existing name and UnprocessibleEntityError for an invalid one', async () => {
      const { r } = await dyn();
      expect(r.alreadyExists).toMatchObject({ exception: 'ConflictError', status: 409, body: { reason: 'AlreadyExists' } });
      expect(r.invalid).toMatchObject({ exception: 'UnprocessibleEntityError', status: 422, body: { reason: 'Invalid', details: { name: 'Bad_Name' } } });
    });

    it('creates, merge-patches and deletes a Deployment', async () => {
      const { r } = await dyn();
      expect(r.deployment).toEqual({
        created: { generation: 1, replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
        patched: { generation: 2, replicas: 2 },
        afterDelete: 404,
      });
    });
  });

  // The client sends watch=True and allowWatchBookmarks=True (Python's spelling of booleans).
  describe('watch.Watch().stream', () => {
    const watched = scenario('watch.py', 'py-watch');

    it('from now: ADDED for the existing object, then ADDED, MODIFIED, DELETED for writes during the watch', async () => {
      const { r } = await watched();
      expect(withoutBookmarks(r.fromNow)).toEqual([
        ['ADDED', 'before', { v: '0' }],
        ['ADDED', 'kube-root-ca.crt', { 'ca.crt': ROOT_CA_PLACEHOLDER }],
        ['ADDED', 'live', { v: '1' }],
        ['MODIFIED', 'live', { v: '2' }],
        ['DELETED', 'live', { v: '2' }],
      ]);
    });

    it('from a resourceVersion: only later changes; with timeout_seconds the server ends the stream', async () => {
      const { r } = await watched();
      expect(withoutBookmarks(r.fromResourceVersion)).toEqual([['ADDED', 'after', { v: '1' }]]);
      expect(r.timeout.events).toEqual([]);
      expect(r.timeout.seconds).toBeGreaterThanOrEqual(0.9);
      expect(r.timeout.seconds).toBeLessThan(5);
    });

    it("the dynamic client's watch: existing objects, then a change", async () => {
      const { r } = await watched();
      expect(withoutBookmarks(r.dynamic)).toEqual([
        ['ADDED', 'after', { v: '1' }],
        ['ADDED', 'before', { v: '0' }],
        ['ADDED', 'kube-root-ca.crt', { 'ca.crt': ROOT_CA_PLACEHOLDER }],
        ['MODIFIED', 'after', { v: '2' }],
      ]);
    });
  });
});
