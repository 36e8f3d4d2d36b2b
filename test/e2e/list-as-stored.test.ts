// kubectl over lists the store answers as text (the list fast path: no selector, no Table, the storage version).
import { describe, expect, it } from 'vitest';
import { configMap } from './support/fixtures';
import { kubectl, manifest, newNamespace } from './support/kubectl';

type Item = { metadata: { name: string; resourceVersion: string }; data?: Record<string, string> };

describe('lists served as stored, through kubectl', () => {
  it('get -o json, with and without --chunk-size, gives every object as get of each does', async () => {
    const ns = await newNamespace('lfast');
    const names = ['a', 'b', 'c', 'd', 'e'];
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(...names.map((n) => configMap(n, { k: n }))) });
    const whole = JSON.parse((await kubectl(['-n', ns, 'get', 'cm', '-o', 'json'])).stdout) as { kind: string; items: Item[] };
    const chunked = JSON.parse((await kubectl(['-n', ns, 'get', 'cm', '--chunk-size=2', '-o', 'json'])).stdout) as { kind: string; items: Item[] };
    expect(whole.kind).toBe('List');
    const ours = (l: { items: Item[] }) => l.items.filter((i) => names.includes(i.metadata.name));
    expect(ours(whole).map((i) => [i.metadata.name, i.data])).toEqual(names.map((n) => [n, { k: n }]));
    expect(ours(chunked)).toEqual(ours(whole));
    for (const item of ours(whole)) {
      const one = JSON.parse((await kubectl(['-n', ns, 'get', 'cm', item.metadata.name, '-o', 'json'])).stdout);
      expect(item).toEqual(one);
    }
    // the raw pages: kind, apiVersion and list metadata as the general path writes them
    const page = JSON.parse((await kubectl(['get', '--raw', `/api/v1/namespaces/${ns}/configmaps?limit=2`])).stdout);
    expect(Object.keys(page)).toEqual(['kind', 'apiVersion', 'metadata', 'items']);
    expect(page.kind).toBe('ConfigMapList');
    expect(page.apiVersion).toBe('v1');
    expect(Object.keys(page.metadata)).toEqual(['resourceVersion', 'continue', 'remainingItemCount']);
  });
});
