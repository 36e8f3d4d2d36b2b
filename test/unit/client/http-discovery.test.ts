import { describe, expect, it } from 'vitest';
import { discoverResources } from '../../../shared/client/http-discovery';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const notFound = () => json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }, 404);

const GROUPS = {
  kind: 'APIGroupList',
  groups: [
    { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
    { name: 'gone.example.dev', versions: [{ groupVersion: 'gone.example.dev/v1', version: 'v1' }], preferredVersion: { groupVersion: 'gone.example.dev/v1', version: 'v1' } },
  ],
};

/** A server whose `gone.example.dev` CRD is deleted between the group list and the read of its version. */
function server(goneStatus: () => Response) {
  return async (input: string | URL | Request): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    if (path === '/apis') return json(GROUPS);
    if (path === '/api/v1') return json({ resources: [{ name: 'pods', kind: 'Pod', namespaced: true, singularName: 'pod' }] });
    if (path === '/apis/apps/v1') return json({ resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, singularName: 'deployment' }, { name: 'deployments/scale', kind: 'Scale', namespaced: true }] });
    if (path === '/apis/gone.example.dev/v1') return goneStatus();
    return notFound();
  };
}

describe('discoverResources', () => {
  it('keeps every group it could read when a group version disappears between the two reads (404)', async () => {
    const defs = await discoverResources({ server: 'http://k', fetch: server(notFound) });
    expect(defs.map((d) => `${d.group}/${d.plural}`).sort()).toEqual(['/pods', 'apps/deployments']);
    expect(defs.find((d) => d.plural === 'deployments')).toMatchObject({ versions: ['v1'], subresources: ['scale'], namespaced: true });
  });

  it('still fails on any other error of a group version', async () => {
    const forbidden = () => json({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden' }, 403);
    await expect(discoverResources({ server: 'http://k', fetch: server(forbidden) })).rejects.toMatchObject({ code: 403 });
  });
});
