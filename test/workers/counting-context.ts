import { env } from 'cloudflare:test';
import type { ReconcileContext } from '../../durable-objects/controllers/controller-def';
import { bindRecorder, storeRecorder } from '../../durable-objects/controllers/event-recorders';
import { namespaceNames } from '../../platform/namespaces';
import { storeStub } from '../../platform/stores';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { RpcClient } from '../../shared/client';
import { memoryRows } from './memory-rows';

/** One store call: `<store>.<method>`, with its arguments. */
export interface StoreCall {
  call: string;
  args: unknown[];
}

/** The resource a store call was about: its request's `def` (a write, a list), or the def a get names first. */
export function pluralOf(c: StoreCall): string | undefined {
  const a = c.args[0] as { def?: { plural: string }; plural?: string } | undefined;
  return a?.def?.plural ?? a?.plural;
}

/** A store stub that records every call made through it as `<store>.<method>` (with its arguments in `log`). */
export function counted(name: string, calls: string[], log?: StoreCall[]): StoreApi {
  const stub = storeStub(env, name);
  return new Proxy(stub, {
    get(target, prop) {
      const t = target as unknown as Record<string | symbol, (...a: unknown[]) => unknown>;
      if (typeof prop !== 'string' || prop === 'then') return t[prop];
      return (...args: unknown[]) => {
        calls.push(`${name}.${prop}`);
        log?.push({ call: `${name}.${prop}`, args });
        return t[prop]!(...args);
      };
    },
  }) as StoreApi;
}

/**
 * A controller's context over the real stores, with its rows and memo in memory and its store calls
 * counted; its client's Events go to a recorder over the stores, as a host's do.
 */
export function countingContext(calls: string[], fieldManager: string, log?: StoreCall[], memo: Record<string, unknown> = {}): ReconcileContext {
  const tables = new Map<string, Map<string, unknown>>();
  const rows = memoryRows(tables);
  const client = new RpcClient({ storeOf: (n) => counted(n, calls, log), namespaces: () => namespaceNames(env), fieldManager });
  const store = (n: string) => counted(n, calls, log);
  bindRecorder(client, storeRecorder(store));
  return { client, clientWith: () => client, now: Date.now(), rows, memo, store };
}
