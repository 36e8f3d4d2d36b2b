/** The body of `GET /openapi/v3`. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/**
 * Lists one document per group/version, as upstream's /openapi/v3 does: `api/v1` for the core
 * group, `apis/<group>/<version>` otherwise. kubectl caches documents by the URL's hash, so
 * `hashOf` must change whenever a document's content does.
 * @example openapiIndex(['v1', 'apps/v1'], hash).paths['apis/apps/v1'] // { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=…' }
 */
export function openapiIndex(groupVersions: readonly string[], hashOf: (groupVersion: string) => string): OpenApiIndex {
  const paths: OpenApiIndex['paths'] = {};
  for (const gv of [...groupVersions].sort()) {
    const path = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(gv)}` };
  }
  return { paths };
}
