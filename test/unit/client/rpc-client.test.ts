import type { StoreApi } from '../../../shared/apiserver/store-protocol';
import { MemoryCluster, RpcClient } from '../../../shared/client';
import { clientSuite, serviceSuite, type Harness } from './common.case';

/**
 * A fake of the Durable Object RPC boundary: arguments and results are structured-cloned, as
 * workerd serializes them, so a client relying on shared references would fail here.
 */
function overRpc(store: StoreApi): StoreApi {
  return new Proxy(store, {
    get(target, prop) {
      const member = Reflect.get(target, prop) as unknown;
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        const result = (await member.apply(target, structuredClone(args))) as unknown;
        return result instanceof ReadableStream ? result : structuredClone(result);
      };
    },
  });
}

const rpcHarness = (clock: { now: number }): Harness => {
  const cluster = new MemoryCluster({ now: () => clock.now });
  const client = new RpcClient({ storeOf: (name) => overRpc(cluster.storeOf(name)), namespaces: cluster.namespaces });
  return { client, cluster, clock };
};

clientSuite('RpcClient', rpcHarness);
serviceSuite('RpcClient', rpcHarness);
