import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import { builtinByKey, type ResourceDef } from '../api/registry';
import { jsonObject } from './json-body';
import type { CreateRequest, TextCreateRequest } from './store-protocol';

/** A body's apiVersion/kind, when given, must be the resource's (upstream's "Kind mismatch" 400). */
export function checkBodyKind(def: ResourceDef, version: string, body: KubeObject): void {
  if (body.kind && body.kind !== def.kind) {
    throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (${def.group ? `${def.group}/` : ''}${version}) or kind ${body.kind} does not match ${def.kind}`);
  }
}

/**
 * The create a create sent as JSON text stands for. The body is decoded and its kind checked with
 * the functions and in the order the Worker uses for a body it decodes itself, before anything of
 * the store is read, so bad input answers the same Status and changes nothing.
 * @example decodeTextCreate({ def: 'configmaps', text: '{"metadata":{"name":"a"}}', version: 'v1' }).object.metadata.name === 'a'
 */
export function decodeTextCreate(req: TextCreateRequest): CreateRequest {
  const { def: ref, text, ...options } = req;
  const def = typeof ref === 'string' ? builtinByKey(ref) : ref;
  // a key this build does not know: a Worker of another build (an internal error, not the client's)
  if (!def) throw new Error(`no built-in resource ${ref}`);
  const object = jsonObject(text);
  checkBodyKind(def, options.version, object);
  return { ...options, def, object };
}
