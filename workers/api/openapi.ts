import { ApiError } from '../../shared/api/errors';
import type { ResourceRegistry } from '../../shared/api/registry';
import { crdSchemaSource } from '../../shared/crd';
import { fnv1a } from '../../shared/nodes/hash';
import { builtinSchemas, inlineComponents, openapiGroupVersionDocument, openapiIndex } from '../../shared/openapi';
import type { ServedResources } from './registry-cache';
import { json } from './http';

const cache = new Map<string, { body: string; hash: string }>();

/** Group/versions as the index names them: `v1`, `apps/v1`. */
function groupVersions(registry: ResourceRegistry): string[] {
  const out = ['v1'];
  for (const g of registry.groups()) for (const v of g.versions) out.push(`${g.name}/${v}`);
  return out;
}

/** `v1` → `api/v1`, `apps/v1` → `apis/apps/v1`: the document's path under /openapi/v3/. */
function documentPath(gv: string): string {
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

function documentFor(served: ServedResources, gv: string): { body: string; hash: string } | undefined {
  const { registry } = served;
  const key = `${gv}|${served.fingerprint}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parts = gv.split('/');
  const [group, version] = parts[0] === 'api' ? ['', parts[1]!] : [parts[1]!, parts[2]!];
  // virtual kinds are listed too: kubectl validates a manifest only against kinds the documents name
  const defs = registry.inGroupVersion(group, version);
  if (!defs.length) return undefined;
  const doc = openapiGroupVersionDocument(
    {
      group,
      version,
      resources: defs.map((d) => ({
        plural: d.plural,
        kind: d.kind,
        namespaced: d.namespaced,
        subresources: d.subresources,
        typeName: d.typeNames?.[version] ?? '',
      })),
      // custom resources take JSON and merge patches only, as upstream serves them
      strategicMergePatch: !defs.some((d) => d.crd),
    },
    served.crds.length ? crdSchemaSource(served.crds, builtinSchemas) : builtinSchemas,
  );
  inlineComponents(doc as never, defs.filter((d) => d.crd).map((d) => d.typeNames?.[version] ?? '').filter(Boolean));
  const body = JSON.stringify(doc);
  const entry = { body, hash: fnv(body) };
  cache.set(key, entry);
  return entry;
}

function fnv(s: string): string {
  return fnv1a(s).toString(16).toUpperCase().padStart(8, '0');
}

/** `/openapi/v3` (the index) and `/openapi/v3/<group-version>` documents; v2 is not served. */
export function serveOpenApi(request: Request, served: ServedResources): Response {
  const { registry } = served;
  const path = new URL(request.url).pathname;
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    return json(openapiIndex(groupVersions(registry), (gv) => documentFor(served, documentPath(gv))?.hash ?? ''));
  }
  if (path.startsWith('/openapi/v3/')) {
    const doc = documentFor(served, path.slice('/openapi/v3/'.length));
    if (doc) return new Response(doc.body, { headers: { 'content-type': 'application/json', etag: `"${doc.hash}"` } });
  }
  throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
