import { clock } from '../../platform/clock';
import { ApiError, badRequest } from '../../shared/api/errors';
import type { Json, KubeObject, StoredObject } from '../../shared/api/object';
import { builtinKeyOf, type ResourceDef } from '../../shared/api/registry';
import { admitCRD } from '../../shared/apiserver/custom-resources';
import { toScale } from '../../shared/apiserver/scale';
import { invalidateServedResources, type ServedResources } from './registry-cache';
import { checkResourceVersion, decodeComposite, isComposite } from '../../shared/apiserver/resource-version';
import { compileFilter } from '../../shared/apiserver/list-filter';
import type { JsonWriteResult, UpdateTarget, WatchRequest } from '../../shared/apiserver/store-protocol';
import { checkBodyKind } from '../../shared/apiserver/text-create';
import { decodePatchBody, type PatchContentType } from '../../shared/patch';

/** Kinds without a Go schema (custom resources) take every patch type but strategic merge. */
const CUSTOM_PATCH_TYPES: PatchContentType[] = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
import { storeFor, storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { json, JSON_TYPE, readBody, readBodyBytes, readObject, mediaType, requestUrl, wantsTable } from './http';
import { checkJsonDepth, checkValueDepth, jsonObject } from '../../shared/apiserver/json-body';
import { parseDeleteOptions, type DeleteOptions } from './delete-options';
import { listAllNamespaces } from './list-all';
import { unwrap } from '../../shared/client/store-result';
import { listBody, objectBody, servesAsStored, type OutputFormat } from './output';
import type { ResourcePath } from './path';
import { defaultFieldManager, requestOptionsOf, validateListOptions, type RequestOptions } from './query';
import { mergedWatch, singleStoreWatch } from './watch-stream';
import { servePodLogs } from './pod-logs';

const NOT_FOUND_MESSAGE = 'the server could not find the requested resource';

function notServed(): ApiError {
  return new ApiError(404, 'NotFound', NOT_FOUND_MESSAGE, {});
}

/** What upstream's go-restful container answers for a verb a resource does not serve. */
function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/**
 * Kinds whose upstream registry answers a DELETE with the deleted object (ReturnDeletedObject);
 * the others answer with a Success Status naming it. An object kept by finalizers or a grace
 * period is always returned as it now is.
 */
const RETURNS_DELETED_OBJECT = new Set(['Pod', 'Service', 'Namespace']);

/** Upstream's answer to a DELETE that removed the object at once. */
function deletedStatus(def: ResourceDef, obj: StoredObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata.name, ...(def.group ? { group: def.group } : {}), kind: def.plural, uid: obj.metadata.uid },
  };
}

/** Resources whose upstream registry has no DeleteCollection (a DELETE on the collection is 405). */
function servesDeleteCollection(def: ResourceDef): boolean {
  return !(def.group === '' && def.kind === 'Namespace');
}

function warningHeaders(warnings: string[] | undefined): Record<string, string> {
  if (!warnings?.length) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

interface Ctx {
  env: Env;
  request: Request;
  path: ResourcePath;
  def: ResourceDef;
  opts: RequestOptions;
  fmt: OutputFormat;
  store: string;
  served: ServedResources;
}

function isCRD(def: ResourceDef): boolean {
  return def.group === 'apiextensions.k8s.io' && def.kind === 'CustomResourceDefinition';
}

/** CustomResourceDefinitions are checked against the others before they reach the store. */
function preAdmit(c: Ctx, body: KubeObject, isCreate: boolean): KubeObject {
  return isCRD(c.def) ? admitCRD(body, c.served.crds, isCreate) : body;
}

/** Serves every verb on /api/v1/... and /apis/G/V/... resources. */
export async function handleResource(env: Env, served: ServedResources, request: Request, path: ResourcePath): Promise<Response> {
  const def = served.registry.lookup(path.group, path.version, path.plural);
  if (!def) throw notServed();
  if (!def.namespaced && path.namespace !== undefined) throw notServed();
  const opts = requestOptionsOf(requestUrl(request));
  if (!opts.fieldManager && request.method !== 'GET') opts.fieldManager = defaultFieldManager(request.headers.get('user-agent'));
  if (request.method === 'GET') checkReadOptions(def, opts, path);
  const fmt: OutputFormat = { def, version: path.version, table: wantsTable(request), includeObject: opts.includeObject, now: clock.now() };
  if (def.namespaced && path.namespace === undefined) {
    if (request.method !== 'GET' || path.name !== undefined) throw notServed();
    return opts.watch ? watchAll(env, def, opts, fmt, request.signal) : json(listBody(fmt, ...(await listAll(env, def, opts))));
  }
  const store = storeFor(def.namespaced, path.namespace);
  const ctx: Ctx = { env, request, path, def, opts, fmt, store, served };
  if (isCRD(def) && request.method !== 'GET') invalidateServedResources();
  if (path.subresource) return handleSubresource(ctx);
  if (path.name === undefined) return handleCollection(ctx);
  return handleObject(ctx);
}

/**
 * Refuses a read the way upstream does before it touches storage: bad ListOptions (422), a
 * resourceVersion or continue token this server never issued or a selector that does not parse
 * (400). A watch must fail here, not as an ERROR event in a 200 stream.
 */
function checkReadOptions(def: ResourceDef, opts: RequestOptions, path: ResourcePath): void {
  const collection = path.name === undefined || opts.watch;
  if (path.subresource) return;
  if (collection) validateListOptions(opts);
  if (opts.resourceVersion) checkResourceVersion(opts.resourceVersion);
  if (collection) compileFilter(def.group, def.kind, opts);
}

async function listAll(env: Env, def: ResourceDef, opts: RequestOptions) {
  const result = await listAllNamespaces(env, def, opts);
  return [result.items, result] as const;
}

async function watchAll(env: Env, def: ResourceDef, opts: RequestOptions, fmt: OutputFormat, signal: AbortSignal): Promise<Response> {
  const rv = opts.resourceVersion;
  let from: Record<string, number> | undefined;
  if (rv && rv !== '0') {
    if (!isComposite(rv)) {
      // a single store's counter cannot place a watch across stores: make the client relist
      return watchError(new ApiError(410, 'Expired', `too old resource version: ${rv}`));
    }
    from = decodeComposite(rv) as Record<string, number>;
  }
  return mergedWatch(env, watchRequest(def, opts), from, fmt, signal);
}

function watchError(e: ApiError): Response {
  return new Response(JSON.stringify({ type: 'ERROR', object: e.toStatus() }) + '\n', {
    headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
  });
}

/** The longest timer a runtime can arm (2^31-1 ms); a longer timeoutSeconds would fire at once. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function watchRequest(def: ResourceDef, opts: RequestOptions): WatchRequest {
  return {
    def,
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    resourceVersion: opts.resourceVersion,
    allowWatchBookmarks: opts.allowWatchBookmarks,
    timeoutSeconds: opts.timeoutSeconds === undefined ? undefined : Math.min(opts.timeoutSeconds, MAX_TIMEOUT_SECONDS),
  };
}

async function handleCollection(c: Ctx): Promise<Response> {
  const stub = storeStub(c.env, c.store);
  switch (c.request.method) {
    case 'GET': {
      if (c.opts.watch) return singleStoreWatch(c.env, c.store, watchRequest(c.def, c.opts), c.fmt, c.request.signal);
      // served as stored: the store answers with the response's text, built around the items' stored JSON
      const asJson = servesAsStored(c.fmt);
      const list = unwrap(
        await stub.list({
          def: c.def,
          labelSelector: c.opts.labelSelector,
          fieldSelector: c.opts.fieldSelector,
          limit: c.opts.limit,
          continue: c.opts.continue,
          resourceVersion: c.opts.resourceVersion,
          resourceVersionMatch: c.opts.resourceVersionMatch as 'Exact' | 'NotOlderThan' | undefined,
          asJson,
        }),
      );
      if (list.body !== undefined) return new Response(list.body, { headers: { 'content-type': JSON_TYPE } });
      return json(listBody(c.fmt, list.items, list));
    }
    case 'POST': {
      const sent = await readBody(c.request);
      const asStored = servesAsStored(c.fmt);
      // served as stored: the store's own text of the object is the response body (no re-serialization);
      // a JSON body goes as sent and the store decodes it, a built-in kind named by its key (nothing structured-cloned)
      if (asStored && typeof sent === 'string' && !isCRD(c.def)) {
        return createdResponse(unwrap(await stub.createJson({ def: builtinKeyOf(c.def) ?? c.def, text: sent, ...writeOptions(c) })));
      }
      const body = preAdmit(c, typeof sent === 'string' ? jsonObject(sent) : sent, true);
      checkKind(c, body);
      const req = { def: c.def, object: body, ...writeOptions(c) };
      if (asStored) return createdResponse(unwrap(await stub.createJson(req)));
      const result = unwrap(await stub.create(req));
      return json(objectBody(c.fmt, result.object), 201, warningHeaders(result.warnings));
    }
    case 'DELETE': {
      if (!servesDeleteCollection(c.def)) throw methodNotAllowed();
      const options = await readDeleteOptions(c);
      const result = unwrap(
        await stub.deleteCollection({
          def: c.def,
          labelSelector: c.opts.labelSelector,
          fieldSelector: c.opts.fieldSelector,
          dryRun: options.dryRun,
          propagationPolicy: options.propagationPolicy,
          gracePeriodSeconds: options.gracePeriodSeconds,
        }),
      );
      return json(listBody({ ...c.fmt, table: false }, result.items, result));
    }
    default:
      throw methodNotAllowed();
  }
}

async function handleObject(c: Ctx): Promise<Response> {
  const stub = storeStub(c.env, c.store);
  const name = c.path.name!;
  switch (c.request.method) {
    case 'GET':
      if (c.opts.watch) {
        return singleStoreWatch(c.env, c.store, { ...watchRequest(c.def, c.opts), fieldSelector: `metadata.name=${name}` }, c.fmt, c.request.signal);
      }
      // served as stored: the store's own text of the object is the response body (no clone, no re-serialization)
      if (servesAsStored(c.fmt)) return new Response(unwrap(await stub.getJson(c.def, name)), { headers: { 'content-type': JSON_TYPE } });
      return json(objectBody(c.fmt, unwrap(await stub.get(c.def, name))));
    case 'PUT': {
      const body = preAdmit(c, await readObject(c.request), false);
      checkKind(c, body);
      const result = unwrap(await stub.update({ def: c.def, name, object: body, target: 'main', ...writeOptions(c) }));
      return json(objectBody(c.fmt, result.object), 200, warningHeaders(result.warnings));
    }
    case 'PATCH':
      return patch(c, 'main');
    case 'DELETE': {
      const options = await readDeleteOptions(c);
      const result = unwrap(
        await stub.delete({
          def: c.def,
          name,
          dryRun: options.dryRun,
          propagationPolicy: options.propagationPolicy,
          gracePeriodSeconds: options.gracePeriodSeconds,
          preconditions: options.preconditions,
        }),
      );
      if (result.removed && !RETURNS_DELETED_OBJECT.has(c.def.kind)) return json(deletedStatus(c.def, result.object), 200);
      return json(objectBody({ ...c.fmt, table: false }, result.object), 200);
    }
    default:
      throw methodNotAllowed();
  }
}

/** Subresources that read and write the object itself, and the part of it a write replaces. */
const OBJECT_SUBRESOURCES = new Map<string, UpdateTarget>([['status', 'status'], ['finalize', 'main'], ['ephemeralcontainers', 'ephemeralcontainers']]);

async function handleSubresource(c: Ctx): Promise<Response> {
  const sub = c.path.subresource!;
  const name = c.path.name!;
  if (!c.def.subresources.includes(sub as never) && !(c.def.kind === 'Namespace' && sub === 'finalize')) throw notServed();
  const stub = storeStub(c.env, c.store);
  const method = c.request.method;
  // views of the whole object: a write through one changes only its part (pods/ephemeralcontainers: spec.ephemeralContainers)
  const target = OBJECT_SUBRESOURCES.get(sub);
  if (target) {
    if (method === 'GET') return json(objectBody(c.fmt, unwrap(await stub.get(c.def, name))));
    if (method === 'PUT') {
      const body = await readObject(c.request);
      // `pods/%2e%2e/status` arrives resolved as `namespaces/NS/status`: a Pod body is refused here
      checkKind(c, body);
      const result = unwrap(await stub.update({ def: c.def, name, object: body, target, ...writeOptions(c) }));
      return json(objectBody(c.fmt, result.object));
    }
    if (method === 'PATCH' && sub !== 'finalize') return patch(c, target);
  }
  if (sub === 'scale') {
    if (method === 'GET') return json(unwrap(await stub.getScale(c.def, name)));
    if (method === 'PUT') {
      const body = await readObject(c.request);
      return json(unwrap(await stub.updateScale({ def: c.def, name, scale: body, ...writeOptions(c) })));
    }
    if (method === 'PATCH') {
      const result = await patchResult(c, 'scale');
      return json(toScale(c.def, result.object));
    }
  }
  if (sub === 'binding' && method === 'POST') {
    const body = await readObject(c.request);
    unwrap(await stub.bind(c.def, name, body, c.opts.dryRun));
    return json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
  }
  if (sub === 'eviction' && method === 'POST') {
    const body = await readObject(c.request);
    unwrap(await stub.evict(c.def, name, body, c.opts.dryRun));
    return json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
  }
  if (sub === 'log' && method === 'GET') return servePodLogs(stub, name, new URL(c.request.url));
  // exec and attach are WebSocket routes of their own (router.ts → pod-exec.ts); these two have nothing to reach
  if (sub === 'portforward' || sub === 'proxy') {
    throw badRequest(`${sub} is not supported: Kubeflare's simulated pods listen on no ports (use kubectl exec to run commands in the simulated shell)`);
  }
  throw methodNotAllowed();
}

function writeOptions(c: Ctx) {
  return {
    dryRun: c.opts.dryRun,
    fieldManager: c.opts.fieldManager,
    fieldValidation: c.opts.fieldValidation,
    version: c.path.version,
  };
}

async function patchResult(c: Ctx, target: UpdateTarget | 'scale') {
  const type = mediaType(c.request.headers.get('content-type'));
  const text = new TextDecoder().decode(await readBodyBytes(c.request));
  checkJsonDepth(text);
  const accepted = c.fmt.def.typeNames ? undefined : CUSTOM_PATCH_TYPES;
  const decoded = decodePatchBody(type, text, accepted);
  checkValueDepth(decoded.patch);
  return unwrap(
    await storeStub(c.env, c.store).patch({
      def: c.def,
      name: c.path.name!,
      patchType: decoded.strategy,
      patch: decoded.patch,
      target,
      force: c.opts.force,
      ...writeOptions(c),
    }),
  );
}

async function patch(c: Ctx, target: UpdateTarget): Promise<Response> {
  const result = await patchResult(c, target);
  return json(objectBody(c.fmt, result.object), result.created ? 201 : 200, warningHeaders(result.warnings));
}

/** A body's apiVersion/kind, when given, must be the resource's (upstream's "Kind mismatch" 400). */
function checkKind(c: Ctx, body: KubeObject): void {
  checkBodyKind(c.def, c.path.version, body);
}

/** A create's 201 with the store's text of the object as the body. */
function createdResponse(created: JsonWriteResult): Response {
  return new Response(created.json, { status: 201, headers: { 'content-type': JSON_TYPE, ...warningHeaders(created.warnings) } });
}

/** DeleteOptions from the body or the query, validated before anything is deleted. */
async function readDeleteOptions(c: Ctx): Promise<DeleteOptions> {
  const text = new TextDecoder().decode(await readBodyBytes(c.request));
  checkJsonDepth(text);
  return parseDeleteOptions(text, new URL(c.request.url).searchParams);
}
