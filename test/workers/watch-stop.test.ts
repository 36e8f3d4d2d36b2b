// A store watch is ended by name (stopWatch), from the store's side: the consumer reads it to its end instead of
// cancelling a stream returned over RPC, which workerd reports as an uncaught "Network connection lost" in the store.
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../durable-objects/object-store';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { api, configMap, settledNamespace, objectStoreStub } from './helpers';

const CONFIGMAPS = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'configmaps')!;
const watchers = (stub: ReturnType<typeof objectStoreStub>) =>
  runInDurableObject(stub, (store: ObjectStore) => (store as unknown as { hub: { size: number } }).hub.size);

async function readToEnd(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text.split('\n').filter(Boolean);
}

describe('stopWatch', () => {
  it('closes the named watch from the store side after what it already sent, and leaves the others open', async () => {
    const ns = await settledNamespace();
    const stub = objectStoreStub(`ns:${ns}`);
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('before'));
    const stopped = await stub.watch({ def: CONFIGMAPS }, 'w-1');
    const other = await stub.watch({ def: CONFIGMAPS }, 'w-2');
    expect(await watchers(stub)).toBe(2);
    await stub.stopWatch('w-1');
    await stub.stopWatch('unknown'); // a watch that already ended: nothing to do
    const lines = await readToEnd(stopped); // ends: the store closed it
    expect(lines.map((l) => JSON.parse(l).object.metadata.name)).toEqual(['before', 'kube-root-ca.crt']);
    expect(await watchers(stub)).toBe(1);
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('after'));
    await stub.stopWatch('w-2');
    expect((await readToEnd(other)).map((l) => JSON.parse(l).object.metadata.name)).toEqual(['before', 'kube-root-ca.crt', 'after']);
    expect(await watchers(stub)).toBe(0);
  });
});
