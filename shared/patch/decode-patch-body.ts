import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors';
import type { Json } from '../api/object';
import { isJsonObject } from './json-utils';

/** The PATCH content types upstream serves, in the order its 415 message lists them. */
export const PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
] as const;

export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[number];

export type PatchStrategy = 'json' | 'merge' | 'strategic' | 'apply';

/** A decoded PATCH body: which strategy to run and its parsed document. */
export interface DecodedPatch {
  strategy: PatchStrategy;
  /** For `json`: the list of operations; for the others: an object (null for an empty merge). */
  patch: Json;
}

const STRATEGY: Record<PatchContentType, PatchStrategy> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/apply-patch+yaml': 'apply',
  'application/strategic-merge-patch+json': 'strategic',
};

/**
 * Picks the patch strategy from the Content-Type (parameters such as `charset` ignored) and parses
 * the body, with upstream's 400 and 415 wording. `accepted` narrows the types a resource serves
 * (custom resources do not take strategic merge patches).
 * @example decodePatchBody('application/merge-patch+json', '{"spec":{"replicas":3}}') // { strategy: 'merge', patch: {...} }
 */
export function decodePatchBody(
  contentType: string,
  body: string,
  accepted: readonly PatchContentType[] = PATCH_CONTENT_TYPES,
): DecodedPatch {
  const semi = contentType.indexOf(';');
  const mediaType = (semi > 0 ? contentType.slice(0, semi) : contentType).trim() as PatchContentType;
  if (!accepted.includes(mediaType)) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  }
  const strategy = STRATEGY[mediaType];
  switch (strategy) {
    case 'json':
      return { strategy, patch: parseJson(body, (m) => m) };
    case 'merge': {
      // evanphx/json-patch MergePatch answers ErrBadJSONPatch for unparsable or null patches.
      const patch = parseJson(body, () => 'Invalid JSON Patch');
      if (patch === null) throw badRequest('Invalid JSON Patch');
      if (!isJsonObject(patch)) throw badRequest(`error decoding patch: ${cannotUnmarshal(patch)}`);
      return { strategy, patch };
    }
    case 'strategic': {
      const patch = parseJson(body, (m) => m);
      if (patch === null) return { strategy, patch: {} };
      if (!isJsonObject(patch)) throw badRequest(cannotUnmarshal(patch));
      return { strategy, patch };
    }
    case 'apply':
      return { strategy, patch: parseApplyBody(body) };
  }
}

function parseApplyBody(body: string): Json {
  let doc: unknown;
  try {
    doc = parseYaml(body, { schema: 'core', merge: false, uniqueKeys: true });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${reason}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isJsonObject(doc)) throw badRequest(`error decoding YAML: ${cannotUnmarshal(doc as Json)}`);
  return doc as Json;
}

function cannotUnmarshal(v: Json): string {
  const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** JSON.parse with Go encoding/json's wording for the common syntax errors. */
function parseJson(body: string, wrap: (goMessage: string) => string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch {
    throw badRequest(wrap(goSyntaxError(body)));
  }
}

function goSyntaxError(body: string): string {
  const trimmed = body.trimStart();
  if (trimmed === '') return 'unexpected end of JSON input';
  // Go reports the first byte its scanner rejects; for the usual non-JSON bodies that is the first.
  const first = trimmed[0]!;
  if ('{["-0123456789tfn'.includes(first)) return 'unexpected end of JSON input';
  return `invalid character '${first}' looking for beginning of value`;
}
