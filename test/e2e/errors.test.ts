// What kubectl prints for each kind of server error, and that a failed request leaves the stored object alone.
import { describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { configMap, webApp } from './support/fixtures';
import { getJson, kubectl, manifest, newNamespace, userView } from './support/kubectl';

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('errors as kubectl prints them', () => {
  it('NotFound', async () => {
    const ns = await newNamespace('err-notfound');
    const r = await kubectl(['-n', ns, 'get', 'deployment', 'nope'], { allowFail: true });
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'Error from server (NotFound): deployments.apps "nope" not found\n']);
    const cm = await kubectl(['-n', ns, 'get', 'cm', 'nope'], { allowFail: true });
    expect(cm.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    const patch = await kubectl(['-n', ns, 'patch', 'cm', 'nope', '-p', '{"data":{"a":"b"}}'], { allowFail: true });
    expect(patch.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });

  it('AlreadyExists leaves the existing object alone', async () => {
    const ns = await newNamespace('err-exists');
    await kubectl(['-n', ns, 'create', 'configmap', 'dup', '--from-literal=v=original']);
    const before = await getJson(['-n', ns, 'cm', 'dup']);
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(configMap('dup', { v: 'second' })), allowFail: true });
    expect([r.code, r.stderr]).toEqual([1, 'Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists\n']);
    const typed = await kubectl(['-n', ns, 'create', 'configmap', 'dup', '--from-literal=v=third'], { allowFail: true });
    expect(typed.stderr).toBe('error: failed to create configmap: configmaps "dup" already exists\n');
    expect(await getJson(['-n', ns, 'cm', 'dup'])).toEqual(before);
  });

  it('Invalid: a bad name is rejected and nothing is created', async () => {
    const ns = await newNamespace('err-invalid-name');
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(configMap('Foo_Bar')), allowFail: true });
    // kubectl prints Invalid errors from their causes, without "Error from server (Invalid)".
    expect([r.code, r.stderr]).toEqual([1, `The ConfigMap "Foo_Bar" is invalid: metadata.name: Invalid value: "Foo_Bar": ${RFC1123_SUBDOMAIN}\n`]);
    const typed = await kubectl(['-n', ns, 'create', 'configmap', 'Foo_Bar'], { allowFail: true });
    expect(typed.stderr).toBe(
      `error: failed to create configmap: ConfigMap "Foo_Bar" is invalid: metadata.name: Invalid value: "Foo_Bar": ${RFC1123_SUBDOMAIN}\n`,
    );
    // only what the namespace had: its kube-root-ca.crt
    expect((await kubectl(['-n', ns, 'get', 'cm', '-o', 'name'])).stdout).toBe('configmap/kube-root-ca.crt\n');
  });

  it('Invalid: an update that fails validation lists every cause and changes nothing', async () => {
    const ns = await newNamespace('err-invalid-update');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(webApp().deployment) });
    const before = await getJson(['-n', ns, 'deploy', 'web']);
    const r = await kubectl(['-n', ns, 'patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":-1}}'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([1, 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n']);
    const two = await kubectl(
      ['-n', ns, 'patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":-1,"template":{"metadata":{"labels":{"app":"other"}}}}}'],
      { allowFail: true },
    );
    expect(two.stderr).toBe(
      'The Deployment "web" is invalid: \n' +
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
    );
    expect(userView(await getJson(['-n', ns, 'deploy', 'web']))).toEqual(userView(before));
  });

  it('Conflict: replace with a stale resourceVersion', async () => {
    const ns = await newNamespace('err-conflict');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=v=1']);
    const stale = await getJson(['-n', ns, 'cm', 'c']);
    await kubectl(['-n', ns, 'patch', 'cm', 'c', '-p', '{"data":{"v":"2"}}']);
    const current = await getJson(['-n', ns, 'cm', 'c']);
    const r = await kubectl(['-n', ns, 'replace', '-f', '-'], { stdin: stringify({ ...stale, data: { v: 'stale' } }), allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again\n',
    ]);
    expect(await getJson(['-n', ns, 'cm', 'c'])).toEqual(current);
  });

  it('BadRequest: a label selector that does not parse', async () => {
    const ns = await newNamespace('err-selector');
    const r = await kubectl(['-n', ns, 'get', 'configmaps', '-l', 'app in (a'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      `Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "app in (a", field selector "": unable to parse requirement: found '', expected: ',' or ')'\n`,
    ]);
  });

  it('BadRequest: a field selector on a field the kind does not support', async () => {
    const ns = await newNamespace('err-field-selector');
    const r = await kubectl(['-n', ns, 'get', 'configmaps', '--field-selector', 'spec.foo=bar'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      `Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "spec.foo=bar": "spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"\n`,
    ]);
  });

  it('strict field validation: an unknown field on create is BadRequest and nothing is created', async () => {
    const ns = await newNamespace('err-strict-create');
    const d = webApp().deployment;
    const bad = { ...d, spec: { ...d.spec, replicas: undefined, replicass: 2 } };
    const r = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(bad), allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"\n',
    ]);
    expect((await kubectl(['-n', ns, 'get', 'deploy', 'web'], { allowFail: true })).code).toBe(1);
  });

  it('strict field validation: an unknown field in the apply patch is rejected and the object is unchanged', async () => {
    const ns = await newNamespace('err-strict-patch');
    const d = webApp().deployment;
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(d) });
    const before = await getJson(['-n', ns, 'deploy', 'web']);
    const bad = { ...d, spec: { ...d.spec, replicas: undefined, replicass: 2 } };
    const r = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify(bad), allowFail: true });
    expect(r.code).toBe(1);
    // Upstream (applyPatchToObject with fieldValidation=Strict) answers 422 with one cause on field "patch"; kubectl renders
    // an Invalid error with no kind/name as "The request is invalid". Upstream quotes the patch as Go's %+v map text, we
    // quote it as JSON (a deliberate difference), so the value is not compared.
    expect(r.stderr).toMatch(/^The request is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec\.replicass"\n$/s);
    expect(userView(await getJson(['-n', ns, 'deploy', 'web']))).toEqual(userView(before));
  });

  it('a value of the wrong JSON type is Invalid, naming the field', async () => {
    // Upstream decodes built-ins into Go structs and answers 400 "ConfigMap in version "v1" cannot be handled as a
    // ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string". Kubeflare answers 422
    // naming the field instead, by design (the issue asks for Invalid with causes for wrong types).
    const ns = await newNamespace('err-type');
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed\ndata:\n  a: 1\n', allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      'The ConfigMap "typed" is invalid: data.a: Invalid value: "integer": data.a in body must be of type string: "integer"\n',
    ]);
    expect((await kubectl(['-n', ns, 'get', 'cm', 'typed'], { allowFail: true })).code).toBe(1);
  });

  it('an unknown resource type is reported by kubectl from discovery', async () => {
    const r = await kubectl(['get', 'flibbertigibbets'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([1, 'error: the server doesn\'t have a resource type "flibbertigibbets"\n']);
  });

  it('create -f of an exported object works (kubectl clears resourceVersion), and the server refuses one that keeps it', async () => {
    const ns = await newNamespace('err-create-rv');
    await kubectl(['-n', ns, 'create', 'configmap', 'c', '--from-literal=v=1']);
    const exported = await getJson(['-n', ns, 'cm', 'c']);
    // kubectl's resource helper clears metadata.resourceVersion before a create, as upstream's does
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: stringify({ ...exported, metadata: { ...exported.metadata, name: 'copy' } }) });
    expect(r.stdout).toBe('configmap/copy created\n');
    // a client that sends it anyway is refused: upstream's storage answers a 500 with no reason, here a 400 (issue 9)
    const raw = await fetch(`${inject('kubeUrl')}/api/v1/namespaces/${ns}/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...exported, metadata: { ...exported.metadata, name: 'raw' } }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'resourceVersion should not be set on objects to be created',
      reason: 'BadRequest',
      code: 400,
    });
    expect((await kubectl(['-n', ns, 'get', 'cm', 'raw'], { allowFail: true })).code).toBe(1);
  });
});
