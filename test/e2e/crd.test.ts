// CustomResourceDefinitions end to end with the real kubectl: define a kind at run time, use it like a built-in
// (printer columns, explain, apply with defaults/pruning/validation, status and scale subresources), delete it.
import { describe, expect, inject, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';

let seq = 0;
/** A group unique to this test, so CRDs (cluster-scoped) of different tests never meet. */
function uniqueGroup(prefix: string): string {
  return `${prefix}${process.pid % 10000}x${++seq}.e2e.kubeflare.dev`;
}

/** The Website CRD of examples/website-controller, in a group of its own. */
function websiteCrd(group: string, names: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `websites.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'websites', singular: 'website', kind: 'Website', shortNames: ['ws'], ...names },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.availableReplicas' } },
          additionalPrinterColumns: [
            { name: 'Image', type: 'string', jsonPath: '.spec.image' },
            { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas' },
            { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'A website served by nginx-like containers behind a Service.',
              properties: {
                spec: {
                  type: 'object',
                  description: 'What to serve.',
                  required: ['port'],
                  properties: {
                    image: { type: 'string', description: 'Container image that serves the site.', default: 'nginx' },
                    replicas: { type: 'integer', description: 'How many pods serve the site.', minimum: 0, maximum: 20, default: 1 },
                    port: { type: 'integer', description: 'Port the container listens on.', minimum: 1, maximum: 65535 },
                    tier: { type: 'string', enum: ['free', 'pro'] },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                },
                status: { type: 'object', properties: { availableReplicas: { type: 'integer' } } },
              },
            },
          },
        },
      ],
    },
  };
}

function website(group: string, name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { apiVersion: `${group}/v1`, kind: 'Website', metadata: { name }, spec, ...extra };
}

/** Applies a CRD and waits until its resource is served (kubectl's discovery sees it). */
async function defineWebsites(group: string): Promise<void> {
  await kubectl(['apply', '-f', '-'], { stdin: manifest(websiteCrd(group)) });
  await kubectl(['wait', '--for=condition=Established', `crd/websites.${group}`, '--timeout=20s']);
}

/** A raw request to the server, answering status and parsed body. */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(inject('kubeUrl') + path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('defining a kind with a CRD', () => {
  it('kubectl apply of a CRD serves the kind: conditions, api-resources, get with printer columns and short name', async () => {
    const group = uniqueGroup('def');
    const r = await kubectl(['apply', '-f', '-'], { stdin: manifest(websiteCrd(group)) });
    expect(r.stdout).toBe(`customresourcedefinition.apiextensions.k8s.io/websites.${group} created\n`);
    const crd = await poll(async () => {
      const c = await getJson(['crd', `websites.${group}`]);
      return c.status?.conditions?.some((x: any) => x.type === 'Established' && x.status === 'True') ? c : undefined;
    }, 10_000, 'Established');
    expect(crd.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' }),
        expect.objectContaining({ type: 'Established', status: 'True', reason: 'InitialNamesAccepted' }),
      ]),
    );
    expect(crd.status.acceptedNames).toMatchObject({ plural: 'websites', kind: 'Website', singular: 'website', shortNames: ['ws'], listKind: 'WebsiteList' });

    const res = await kubectl(['api-resources', `--api-group=${group}`, '--no-headers']);
    expect(tableRows(res.stdout)).toEqual([['websites', 'ws', `${group}/v1`, 'true', 'Website']]);

    const ns = await newNamespace('crd-get');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'blog', { port: 8080, replicas: 2, image: 'nginx:1.27' })) });
    const table = tableRows((await kubectl(['-n', ns, 'get', 'websites'])).stdout);
    expect(table[0]).toEqual(['NAME', 'IMAGE', 'DESIRED', 'AVAILABLE', 'AGE']);
    // an unset column (no status yet) prints as empty: the row has one cell fewer
    expect(table[1]!.slice(0, 3)).toEqual(['blog', 'nginx:1.27', '2']);
    expect(table[1]!.at(-1)).toMatch(/^\d+s$/);
    const short = await kubectl(['-n', ns, 'get', 'ws', 'blog', '-o', 'name']);
    expect(short.stdout).toBe(`website.${group}/blog\n`);
    const wide = tableRows((await kubectl(['-n', ns, 'get', `websites.v1.${group}`, '-o', 'custom-columns=N:.metadata.name,P:.spec.port'])).stdout);
    expect(wide).toEqual([['N', 'P'], ['blog', '8080']]);
  });

  it('kubectl explain describes the kind and its fields from the schema', async () => {
    const group = uniqueGroup('explain');
    await defineWebsites(group);
    // a resource name of several groups is picked by --api-version (explain reads `a.b` as a field path)
    const top = (await kubectl(['explain', 'websites', `--api-version=${group}/v1`])).stdout;
    expect(top).toContain(`GROUP:      ${group}\nKIND:       Website\nVERSION:    v1\n`);
    expect(top).toContain('DESCRIPTION:\n    A website served by nginx-like containers behind a Service.\n');
    expect(top).toMatch(/\n {2}metadata\t<ObjectMeta>\n/);
    // upstream inlines a CRD's schema in its OpenAPI definition: nested objects print as <Object>
    expect.soft(top).toMatch(/\n {2}spec\t<Object>\n {4}What to serve\.\n/);
    expect.soft(top).toMatch(/\n {2}status\t<Object>\n/);

    const spec = (await kubectl(['explain', 'websites.spec', `--api-version=${group}/v1`])).stdout;
    expect.soft(spec).toContain('FIELD: spec <Object>\n');
    // the field's description once, not repeated
    expect.soft(spec).toContain('DESCRIPTION:\n    What to serve.\n    \nFIELDS:\n');
    expect(spec).toMatch(/\n {2}port\t<integer> -required-\n {4}Port the container listens on\.\n/);
    expect(spec).toMatch(/\n {2}replicas\t<integer>\n {4}How many pods serve the site\.\n/);
    expect(spec).toMatch(/\n {2}tier\t<string>\n/);
    expect(spec).toContain('enum: free, pro');
  });
});

describe('custom objects through kubectl apply', () => {
  it('defaults from the schema are applied and stored', async () => {
    const group = uniqueGroup('defaults');
    await defineWebsites(group);
    const ns = await newNamespace('crd-defaults');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'plain', { port: 80 })) });
    const o = await getJson(['-n', ns, `websites.${group}`, 'plain']);
    expect(o.spec).toEqual({ port: 80, image: 'nginx', replicas: 1 });
    expect(o.metadata).toMatchObject({ name: 'plain', namespace: ns, generation: 1 });
    expect(o.metadata.uid).toBeTruthy();
    // with a status subresource, status cannot be set on create (upstream drops it)
    expect.soft(o.status).toBeUndefined();
    // an explicit value wins over the default, and re-applying is a no-op
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'plain', { port: 80, image: 'httpd' })) });
    const again = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'plain', { port: 80, image: 'httpd' })) });
    expect(again.stdout).toBe(`website.${group}/plain unchanged\n`);
    expect((await getJson(['-n', ns, `websites.${group}`, 'plain'])).spec).toEqual({ port: 80, image: 'httpd', replicas: 1 });
  });

  it('unknown fields: rejected by kubectl’s default strict validation, pruned with --validate=false, warned with --validate=warn', async () => {
    const group = uniqueGroup('prune');
    await defineWebsites(group);
    const ns = await newNamespace('crd-prune');
    const body = (name: string) => manifest(website(group, name, { port: 80, colour: 'red', extra: { anything: { goes: [1, 2] } } }, { topLevel: true }));

    const strict = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: body('strict'), allowFail: true });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^Error from server \(BadRequest\): error when creating "STDIN": Website in version "v1" cannot be handled as a Website: strict decoding error: /);
    expect(strict.stderr).toContain('unknown field "spec.colour"');
    expect(strict.stderr).toContain('unknown field "topLevel"');
    expect(strict.stderr).not.toContain('anything');
    expect((await kubectl(['-n', ns, 'get', `websites.${group}`, '-o', 'name'])).stdout).toBe('');

    await kubectl(['-n', ns, 'apply', '--validate=false', '-f', '-'], { stdin: body('ignored') });
    const ignored = await getJson(['-n', ns, `websites.${group}`, 'ignored']);
    expect(ignored.spec).toEqual({ port: 80, image: 'nginx', replicas: 1, extra: { anything: { goes: [1, 2] } } });
    expect(ignored.topLevel).toBeUndefined();

    const warn = await kubectl(['-n', ns, 'apply', '--validate=warn', '-f', '-'], { stdin: body('warned') });
    expect(warn.stderr).toContain('Warning: unknown field "spec.colour"');
    expect(warn.stderr).toContain('Warning: unknown field "topLevel"');
    expect((await getJson(['-n', ns, `websites.${group}`, 'warned'])).spec.colour).toBeUndefined();
  });

  it('schema violations are 422 Invalid naming each field, and nothing is stored', async () => {
    const group = uniqueGroup('invalid');
    await defineWebsites(group);
    const ns = await newNamespace('crd-invalid');
    const bad = website(group, 'bad', { port: 70000, replicas: -1, image: 5, tier: 'gold' });
    const r = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(bad), allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The Website "bad" is invalid: \n/);
    for (const line of [
      '* spec.image: Invalid value: "integer": spec.image in body must be of type string: "integer"',
      '* spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535',
      '* spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
      '* spec.tier: Unsupported value: "gold": supported values: "free", "pro"',
    ]) {
      expect(r.stderr).toContain(line + '\n');
    }
    const missing = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'noport', {})), allowFail: true });
    expect(missing.stderr).toBe('The Website "noport" is invalid: spec.port: Required value\n');
    expect((await kubectl(['-n', ns, 'get', `websites.${group}`, '-o', 'name'])).stdout).toBe('');

    // the Status itself: 422, reason Invalid, causes naming the fields
    const raw = await api('POST', `/apis/${group}/v1/namespaces/${ns}/websites`, { ...bad, metadata: { name: 'bad' } });
    expect(raw.status).toBe(422);
    expect(raw.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, details: { name: 'bad', group, kind: 'Website' } });
    const fields = raw.body.details.causes.map((c: any) => `${c.reason} ${c.field}`).sort();
    // a wrong type is field.TypeInvalid upstream (printed as "Invalid value" all the same)
    expect(fields).toEqual(['FieldValueInvalid spec.port', 'FieldValueInvalid spec.replicas', 'FieldValueNotSupported spec.tier', 'FieldValueTypeInvalid spec.image']);

    // an update that violates the schema leaves the stored object as it was
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'good', { port: 80 })) });
    const before = await getJson(['-n', ns, `websites.${group}`, 'good']);
    const upd = await kubectl(['-n', ns, 'patch', `websites.${group}`, 'good', '--type=merge', '-p', '{"spec":{"replicas":21}}'], { allowFail: true });
    expect(upd.stderr).toBe('The Website "good" is invalid: spec.replicas: Invalid value: 21: spec.replicas in body should be less than or equal to 20\n');
    expect(await getJson(['-n', ns, `websites.${group}`, 'good'])).toEqual(before);
  });
});

describe('invalid CRDs', () => {
  it('metadata.name must be <plural>.<group>: 422 with the cause, nothing created', async () => {
    const group = uniqueGroup('badname');
    const crd = { ...websiteCrd(group), metadata: { name: `sites.${group}` } };
    const r = await kubectl(['apply', '-f', '-'], { stdin: manifest(crd), allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      `The CustomResourceDefinition "sites.${group}" is invalid: metadata.name: Invalid value: "sites.${group}": must be spec.names.plural+"."+spec.group\n`,
    ]);
    const raw = await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(raw.status).toBe(422);
    expect(raw.body).toMatchObject({ reason: 'Invalid', details: { kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] } });
    expect((await kubectl(['get', 'crd', `sites.${group}`], { allowFail: true })).code).toBe(1);
  });

  it('names already used by another CRD of the group: 422 naming each conflicting field', async () => {
    // Kubeflare rejects at admission (issue 6); upstream would store the CRD with NamesAccepted=False instead.
    const group = uniqueGroup('conflict');
    await defineWebsites(group);
    const other = websiteCrd(group, { plural: 'sites', singular: 'site', kind: 'Website', shortNames: ['ws'] });
    other.metadata.name = `sites.${group}`;
    const raw = await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', other);
    expect(raw.status).toBe(422);
    const causes = raw.body.details.causes.map((c: any) => `${c.field}: ${c.message}`).sort();
    expect(causes).toEqual([
      'spec.names.kind: Invalid value: "Website": "Website" is already in use',
      'spec.names.listKind: Invalid value: "WebsiteList": "WebsiteList" is already in use',
      'spec.names.shortNames[0]: Invalid value: "ws": "ws" is already in use',
    ]);
    const r = await kubectl(['apply', '-f', '-'], { stdin: manifest(other), allowFail: true });
    expect(r.stderr).toMatch(new RegExp(`^The CustomResourceDefinition "sites\\.${group.replace(/\./g, '\\.')}" is invalid: \\n`));
    expect(r.stderr).toContain('* spec.names.kind: Invalid value: "Website": "Website" is already in use\n');
    expect((await kubectl(['get', 'crd', `sites.${group}`], { allowFail: true })).code).toBe(1);
  });

  it('a non-structural schema (object field without a type) is rejected with the field path', async () => {
    const group = uniqueGroup('nonstruct');
    const crd = websiteCrd(group);
    (crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec as Record<string, unknown>).type = undefined;
    const r = await kubectl(['apply', '-f', '-'], { stdin: manifest(JSON.parse(JSON.stringify(crd))), allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    );
    expect((await kubectl(['get', 'crd', `websites.${group}`], { allowFail: true })).code).toBe(1);
  });
});

describe('subresources of a custom resource', () => {
  it('status: only the status subresource writes status, and it does not bump generation', async () => {
    const group = uniqueGroup('status');
    await defineWebsites(group);
    const ns = await newNamespace('crd-status');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 's', { port: 80 })) });
    const res = `websites.${group}`;
    await kubectl(['-n', ns, 'patch', res, 's', '--subresource=status', '--type=merge', '-p', '{"status":{"availableReplicas":2},"spec":{"port":1}}']);
    let o = await getJson(['-n', ns, res, 's']);
    expect([o.status, o.spec.port, o.metadata.generation]).toEqual([{ availableReplicas: 2 }, 80, 1]);
    // the main resource ignores status
    await kubectl(['-n', ns, 'patch', res, 's', '--type=merge', '-p', '{"status":{"availableReplicas":9},"spec":{"replicas":3}}']);
    o = await getJson(['-n', ns, res, 's']);
    expect([o.status, o.spec.replicas, o.metadata.generation]).toEqual([{ availableReplicas: 2 }, 3, 2]);
    expect(tableRows((await kubectl(['-n', ns, 'get', res, 's'])).stdout)[1]!.slice(0, 4)).toEqual(['s', 'nginx', '3', '2']);
  });

  it('scale: kubectl scale sets specReplicasPath; /scale reports statusReplicasPath; the schema still applies', async () => {
    const group = uniqueGroup('scale');
    await defineWebsites(group);
    const ns = await newNamespace('crd-scale');
    const res = `websites.${group}`;
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'sc', { port: 80 })) });
    await kubectl(['-n', ns, 'patch', res, 'sc', '--subresource=status', '--type=merge', '-p', '{"status":{"availableReplicas":1}}']);
    const r = await kubectl(['-n', ns, 'scale', res, 'sc', '--replicas=4']);
    expect(r.stdout).toBe(`website.${group}/sc scaled\n`);
    expect((await getJson(['-n', ns, res, 'sc'])).spec.replicas).toBe(4);
    const scale = await api('GET', `/apis/${group}/v1/namespaces/${ns}/websites/sc/scale`);
    expect(scale.status).toBe(200);
    expect.soft(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'sc', namespace: ns }, spec: { replicas: 4 }, status: { replicas: 1 } });
    // --current-replicas is a precondition kubectl checks against the scale subresource
    const pre = await kubectl(['-n', ns, 'scale', res, 'sc', '--current-replicas=2', '--replicas=5'], { allowFail: true });
    expect(pre.code).toBe(1);
    expect(pre.stderr).toContain('Expected replicas to be 2, was 4');
    const over = await kubectl(['-n', ns, 'scale', res, 'sc', '--replicas=21'], { allowFail: true });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('spec.replicas: Invalid value: 21: spec.replicas in body should be less than or equal to 20');
    expect((await getJson(['-n', ns, res, 'sc'])).spec.replicas).toBe(4);
  });
});

describe('deleting a CRD', () => {
  it('kubectl delete crd removes its custom objects in every namespace, and the kind stops being served', async () => {
    const group = uniqueGroup('delete');
    await defineWebsites(group);
    const [a, b] = [await newNamespace('crd-del-a'), await newNamespace('crd-del-b')];
    for (const ns of [a, b]) await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(website(group, 'one', { port: 80 }), website(group, 'two', { port: 81 })) });
    expect(tableRows((await kubectl(['get', `websites.${group}`, '-A', '--no-headers'])).stdout)).toHaveLength(4);

    const r = await kubectl(['delete', 'crd', `websites.${group}`, '--timeout=25s']);
    expect(r.stdout).toBe(`customresourcedefinition.apiextensions.k8s.io "websites.${group}" deleted\n`);
    expect((await kubectl(['get', 'crd', `websites.${group}`], { allowFail: true })).stderr).toBe(
      `Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "websites.${group}" not found\n`,
    );
    await poll(async () => (await api('GET', `/apis/${group}/v1/websites`)).status === 404, 10_000, 'the resource to stop being served');

    // defined again, the kind starts empty: the objects were deleted, not hidden
    await defineWebsites(group);
    const list = await api('GET', `/apis/${group}/v1/websites`);
    expect([list.status, list.body.items]).toEqual([200, []]);
    await kubectl(['delete', 'crd', `websites.${group}`]);
  });
});
