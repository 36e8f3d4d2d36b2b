import { describe, expect, it } from 'vitest';
import { api, configMap } from './helpers';

let n = 0;
async function namespace(name: string): Promise<void> {
  const r = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201) throw new Error(`namespace ${name}: ${JSON.stringify(r.body)}`);
}

describe('lists across all namespaces', () => {
  it('page through namespaces "a" and "a-b" without skipping items', async () => {
    // '-' sorts before '/', so "a-b/x" comes before "a/x" in the continue token's key order
    const a = `pg-${Date.now().toString(36)}-${n++}`;
    const ab = `${a}-b`;
    const label = { paging: a };
    await namespace(a);
    await namespace(ab);
    for (const ns of [a, ab]) for (const name of ['c1', 'c2']) await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap(name, { a: '1' }, label));
    const seen: string[] = [];
    let cont = '';
    let rv: string | undefined;
    for (let page = 0; page < 10; page++) {
      const q = `labelSelector=paging%3D${a}&limit=1${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const r = await api('GET', `/api/v1/configmaps?${q}`);
      expect(r.status).toBe(200);
      expect(r.body.items).toHaveLength(1);
      rv ??= r.body.metadata.resourceVersion;
      expect(r.body.metadata.resourceVersion).toBe(rv);
      seen.push(...r.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`));
      cont = r.body.metadata.continue ?? '';
      if (!cont) break;
    }
    expect(seen).toEqual([`${ab}/c1`, `${ab}/c2`, `${a}/c1`, `${a}/c2`]);
  });

  it('count what remains on an unfiltered page', async () => {
    const r = await api('GET', '/api/v1/serviceaccounts?limit=1');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.metadata.remainingItemCount).toBeGreaterThan(0);
    expect(r.body.metadata.continue).toBeTruthy();
  });

  it('answer 400 for a continue token that is not ours', async () => {
    const r = await api('GET', '/api/v1/configmaps?limit=1&continue=garbage');
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
  });
});
