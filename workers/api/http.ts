import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, type Status } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { decodeKubernetesProtobuf } from '../../shared/protobuf';

/** Upstream's limit on request bodies (k8s.io/apiserver: 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export const JSON_TYPE = 'application/json';
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

export function statusResponse(status: Status, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (status.details?.retryAfterSeconds) extra['retry-after'] = String(status.details.retryAfterSeconds);
  return json(status, status.code, extra);
}

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) return statusResponse(e.toStatus());
  const message = e instanceof Error ? e.message : String(e);
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', error: message, stack: e instanceof Error ? e.stack : undefined }));
  return statusResponse(new ApiError(500, 'InternalError', `Internal error occurred: ${message}`).toStatus());
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a request body, refusing more than 3 MiB with upstream's 413. */
export async function readBodyBytes(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const buf = new Uint8Array(await request.arrayBuffer());
  if (buf.byteLength > MAX_BODY_BYTES) throw tooLarge();
  return buf;
}

function tooLarge(): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
}

/** Decodes an object body: JSON, YAML or Kubernetes protobuf. */
export async function readObject(request: Request): Promise<KubeObject> {
  const bytes = await readBodyBytes(request);
  const type = mediaType(request.headers.get('content-type'));
  if (type === PROTOBUF_TYPE) return decodeKubernetesProtobuf(bytes);
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  if (type === '' || type === JSON_TYPE || type === '*/*') value = parseJson(text);
  else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') value = parseYamlBody(text);
  else throw unsupportedMediaType(type, [JSON_TYPE, 'application/yaml', PROTOBUF_TYPE]);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Object \'Kind\' is missing in \'' + text.slice(0, 200) + '\'');
  }
  return value as KubeObject;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding the request body: ${(e as Error).message}`);
  }
}

function parseYamlBody(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}

export function unsupportedMediaType(type: string, accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format${type ? ` (${type})` : ''} - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** kubectl asks for server-side tables with `as=Table` in Accept. */
export function wantsTable(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((part) => /;\s*as=Table/.test(part));
}

export function wantsAggregatedDiscovery(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2') && p.includes('as=APIGroupDiscoveryList'));
}
