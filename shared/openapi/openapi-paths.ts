/**
 * The `paths` of an /openapi/v3 group-version document, shaped like upstream's. kubectl reads
 * three things from them: `x-kubernetes-group-version-kind` on operations (explain finds the kind
 * of a resource this way), the `fieldValidation` parameter on PATCH (so it sends
 * fieldValidation=Strict instead of validating client-side), and the PATCH requestBody content
 * types (strategic-merge-patch+json there makes `apply` compute patches from these schemas).
 */
import type { OpenApiSchema } from './openapi-schema';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** One resource (or subresource) path set to describe. */
export interface PathResource {
  /** e.g. 'deployments' or 'deployments/scale'. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** The kind carried in the body, with its schema name (a subresource may carry another kind). */
  gvk: Gvk;
  typeName: string;
  /** Verbs on the collection and on the named object. */
  collectionVerbs: readonly ('list' | 'create' | 'deletecollection')[];
  itemVerbs: readonly ('get' | 'replace' | 'patch' | 'delete' | 'create')[];
  listTypeName?: string;
  strategicMergePatch: boolean;
}

const REF = '#/components/schemas/';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const RESPONSE_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

const query = (name: string, type: string, description: string): OpenApiSchema => ({
  description,
  in: 'query',
  name,
  schema: { type, uniqueItems: true },
});
const dryRun = query('dryRun', 'string', 'When present, the request is validated but not persisted. Valid values: All.');
const fieldManager = query('fieldManager', 'string', 'The name of the actor making the change; recorded in managedFields.');
const fieldValidation = query(
  'fieldValidation',
  'string',
  'How to treat unknown or duplicate fields in the body: Ignore (drop them), Warn (drop them and warn; the default) or Strict (fail with BadRequest).',
);
const force = query('force', 'boolean', 'For apply patches: take ownership of fields other managers own.');
const listParams = [
  query('allowWatchBookmarks', 'boolean', 'Request BOOKMARK watch events.'),
  query('continue', 'string', 'The continue token of a previous paged list.'),
  query('fieldSelector', 'string', 'Restrict the list by field values.'),
  query('labelSelector', 'string', 'Restrict the list by labels.'),
  query('limit', 'integer', 'The maximum number of items to return.'),
  query('resourceVersion', 'string', 'The resource version the list or watch starts from.'),
  query('resourceVersionMatch', 'string', 'How resourceVersion applies to a list.'),
  query('sendInitialEvents', 'boolean', 'With watch: start with synthetic ADDED events for the current state.'),
  query('timeoutSeconds', 'integer', 'The time limit of a list or watch call.'),
  query('watch', 'boolean', 'Stream changes instead of listing.'),
];
const deleteParams = [
  dryRun,
  query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; 0 deletes at once.'),
  query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.'),
  query('propagationPolicy', 'string', 'Garbage collection of dependents: Orphan, Background or Foreground.'),
];
const pathParam = (name: string, description: string): OpenApiSchema => ({
  description,
  in: 'path',
  name,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});
const pretty = query('pretty', 'string', "If 'true', the output is pretty printed.");

function content(typeName: string, types: readonly string[]): OpenApiSchema {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF + typeName } }]));
}

function responses(typeName: string, codes: Record<string, string>): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [code, description] of Object.entries(codes)) out[code] = { content: content(typeName, RESPONSE_TYPES), description };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** `AppsV1`, `CoreV1`, `RbacAuthorizationV1`: the group-version part of upstream operationIds. */
function opIdPart(group: string, version: string): string {
  const words = (group || 'core').replace(/\.k8s\.io$/, '').split(/[.-]/);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') + version[0]!.toUpperCase() + version.slice(1);
}

/** Adds the paths of one resource to `paths`. `group`/`version` are the URL's, which may differ from the body's GVK. */
export function addResourcePaths(paths: Record<string, OpenApiSchema>, group: string, version: string, r: PathResource): void {
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const [plural, sub] = r.resource.split('/') as [string, string | undefined];
  const scope = r.namespaced ? `${prefix}/namespaces/{namespace}/${plural}` : `${prefix}/${plural}`;
  const common = { tags: [`${group || 'core'}_${version}`.replace(/\./g, '_')], 'x-kubernetes-group-version-kind': { ...r.gvk } };
  const gvPart = opIdPart(group, version);
  const ns = r.namespaced ? 'Namespaced' : '';
  const subPart = sub ? sub[0]!.toUpperCase() + sub.slice(1) : '';
  const op = (verb: string, action: string, description: string, extra: OpenApiSchema): OpenApiSchema => ({
    description,
    operationId: `${verb}${gvPart}${ns}${r.kind}${subPart}`,
    ...extra,
    ...common,
    'x-kubernetes-action': action,
  });
  const scopeParams = r.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const what = sub ? `${sub} of the specified ${r.kind}` : `the specified ${r.kind}`;

  if (!sub && r.collectionVerbs.length) {
    const collection: OpenApiSchema = { parameters: [...scopeParams, pretty] };
    if (r.collectionVerbs.includes('list') && r.listTypeName) {
      collection.get = op('list', 'list', `list or watch objects of kind ${r.kind}`, {
        parameters: listParams,
        responses: responses(r.listTypeName, { '200': 'OK' }),
      });
    }
    if (r.collectionVerbs.includes('create')) {
      collection.post = op('create', 'post', `create a ${r.kind}`, {
        parameters: [dryRun, fieldManager, fieldValidation],
        requestBody: { content: { '*/*': { schema: { $ref: REF + r.typeName } } }, required: true },
        responses: responses(r.typeName, { '200': 'OK', '201': 'Created', '202': 'Accepted' }),
      });
    }
    if (r.collectionVerbs.includes('deletecollection')) {
      collection.delete = op('deleteCollection', 'deletecollection', `delete collection of ${r.kind}`, {
        parameters: [...deleteParams, ...listParams],
        requestBody: { content: { '*/*': { schema: { $ref: REF + DELETE_OPTIONS } } } },
        responses: responses(STATUS, { '200': 'OK' }),
      });
    }
    paths[scope] = collection;
    if (r.namespaced && r.collectionVerbs.includes('list') && r.listTypeName) {
      paths[`${prefix}/${plural}`] = {
        get: op('list', 'list', `list or watch objects of kind ${r.kind}`, {
          operationId: `list${gvPart}${r.kind}ForAllNamespaces`,
          responses: responses(r.listTypeName, { '200': 'OK' }),
        }),
        parameters: [...listParams, pretty],
      };
    }
  }

  const item: OpenApiSchema = {
    parameters: [pathParam('name', `name of the ${r.kind}`), ...scopeParams, pretty],
  };
  const v = r.itemVerbs;
  if (v.includes('get')) item.get = op('read', 'get', `read ${what}`, { responses: responses(r.typeName, { '200': 'OK' }) });
  if (v.includes('create')) {
    item.post = op('create', 'post', `create ${what}`, {
      parameters: [dryRun, fieldManager, fieldValidation],
      requestBody: { content: { '*/*': { schema: { $ref: REF + r.typeName } } }, required: true },
      responses: responses(r.typeName, { '200': 'OK', '201': 'Created', '202': 'Accepted' }),
    });
  }
  if (v.includes('replace')) {
    item.put = op('replace', 'put', `replace ${what}`, {
      parameters: [dryRun, fieldManager, fieldValidation],
      requestBody: { content: { '*/*': { schema: { $ref: REF + r.typeName } } }, required: true },
      responses: responses(r.typeName, { '200': 'OK', '201': 'Created' }),
    });
  }
  if (v.includes('patch')) {
    const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];
    if (r.strategicMergePatch) patchTypes.push('application/strategic-merge-patch+json');
    item.patch = op('patch', 'patch', `partially update ${what}`, {
      parameters: [dryRun, fieldManager, fieldValidation, force],
      requestBody: { content: content(PATCH, patchTypes), required: true },
      responses: responses(r.typeName, { '200': 'OK', '201': 'Created' }),
    });
  }
  if (v.includes('delete')) {
    item.delete = op('delete', 'delete', `delete ${what}`, {
      parameters: deleteParams,
      requestBody: { content: { '*/*': { schema: { $ref: REF + DELETE_OPTIONS } } } },
      responses: responses(STATUS, { '200': 'OK', '202': 'Accepted' }),
    });
  }
  paths[sub ? `${scope}/{name}/${sub}` : `${scope}/{name}`] = item;
}
