import { ApiError } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import type { Client } from '../../shared/client';
import type { Action, GroupResource } from '../../shared/controllers/actions';
import { eventAfterCreate, eventAfterFailedCreate } from '../../shared/controllers/events';
import { fromStorageVersion } from '../../shared/apiserver/conversion';
import type { CreateRequest, StoreApi, StoreResult, WriteResult } from '../../shared/apiserver/store-protocol';
import { statusToError } from '../../shared/client/store-result';
import { storeFor } from '../../platform/stores';
import { recordEvents } from './event-recorders';

const PATCH_TYPES = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
} as const;

/** The client for a resource, scoped to its namespace when the kind is namespaced. */
function scoped(client: Client, kinds: readonly ResourceDef[], r: GroupResource, namespace: string) {
  const def = kinds.find((d) => d.group === r.group && d.plural === r.plural);
  if (!def) throw new Error(`no resource ${r.plural}.${r.group}`);
  const rc = client.resource(def);
  return def.namespaced ? rc.namespace(namespace) : rc;
}

export interface ExecutionReport {
  done: number;
  /** The first action that failed, with its error; later actions did not run. */
  failed?: { action: Action; error: unknown };
  created: KubeObject[];
  /** The objects as the updates, status updates and patches that succeeded returned them, in order (for a controller's write-through view). */
  written: KubeObject[];
}

/**
 * Runs a reconciler's actions in order through the Client, as the controller contract says:
 * stop at the first failure; a create batch runs only when every create of the previous batch
 * succeeded; events are best effort (a failed event never fails the reconcile).
 */
export async function executeActions(
  client: Client,
  actions: Action[],
  fieldManager: string,
  /** The kinds the actions may name (custom kinds too, for the garbage collector). */
  resources: readonly ResourceDef[] = BUILTIN_RESOURCES,
  /**
   * The stores by name: when given, a slow-start batch goes to its store as ONE createMany (each
   * item still its own all-or-nothing create with its own result) and its Events as one more,
   * recorded while the next batch is created; without it, one create and one Event call per object.
   */
  store?: (name: string) => StoreApi,
): Promise<ExecutionReport> {
  const report: ExecutionReport = { done: 0, created: [], written: [] };
  const events: Promise<unknown>[] = [];
  let i = 0;
  while (i < actions.length) {
    const action = actions[i]!;
    if (action.kind === 'create' && action.batch !== undefined) {
      // a slow-start batch: all its creates at once
      const batch: typeof action[] = [];
      while (i < actions.length) {
        const a = actions[i]!;
        if (a.kind !== 'create' || a.batch !== action.batch) break;
        batch.push(a);
        i++;
      }
      const results = store
        ? await createBatch(client, store, resources, batch, fieldManager, events)
        : await Promise.allSettled(batch.map((a) => createOne(client, resources, a, fieldManager)));
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
      for (const r of results) if (r.status === 'fulfilled') report.created.push(r.value);
      report.done += results.filter((r) => r.status === 'fulfilled').length;
      if (failure) {
        report.failed = { action, error: failure.reason };
        await Promise.all(events);
        return report;
      }
      continue;
    }
    try {
      await runOne(client, resources, action, fieldManager, report);
      report.done++;
    } catch (error) {
      if (action.kind === 'event') {
        report.done++;
      } else if (action.kind === 'delete' && error instanceof ApiError && error.code === 404) {
        report.done++; // already gone: the goal is met
      } else {
        report.failed = { action, error };
        await Promise.all(events);
        return report;
      }
    }
    i++;
  }
  await Promise.all(events);
  return report;
}

/**
 * A slow-start batch as one createMany per store; its Events (best effort) go to the client's recorder
 * as one batch, pushed to `events` without waiting, as upstream's recorder sends them in the background.
 * A createMany that fails as a whole fails every create of it (their outcome is unknown to the caller).
 */
async function createBatch(
  client: Client,
  store: (name: string) => StoreApi,
  kinds: readonly ResourceDef[],
  batch: Extract<Action, { kind: 'create' }>[],
  fieldManager: string,
  events: Promise<unknown>[],
): Promise<PromiseSettledResult<KubeObject>[]> {
  const results: PromiseSettledResult<KubeObject>[] = new Array(batch.length);
  const groups = new Map<string, { index: number; def: ResourceDef; req: CreateRequest }[]>();
  batch.forEach((a, index) => {
    const def = kinds.find((d) => d.group === a.resource.group && d.plural === a.resource.plural);
    if (!def) {
      results[index] = { status: 'rejected', reason: new Error(`no resource ${a.resource.plural}.${a.resource.group}`) };
      return;
    }
    const version = String(a.object.apiVersion ?? '').split('/').pop() || def.storageVersion;
    const name = storeFor(def.namespaced, a.namespace);
    const group = groups.get(name) ?? [];
    group.push({ index, def, req: { def, object: a.object, version, fieldManager } });
    groups.set(name, group);
  });
  await Promise.all(
    [...groups].map(async ([name, items]) => {
      let out: StoreResult<WriteResult>[];
      try {
        out = await store(name).createMany(items.map((it) => it.req));
      } catch (reason) {
        for (const it of items) results[it.index] = { status: 'rejected', reason };
        return;
      }
      items.forEach((it, k) => {
        const r = out[k]!;
        results[it.index] = r.ok ? { status: 'fulfilled', value: fromStorageVersion(it.def, r.value.object, it.req.version ?? it.def.storageVersion) } : { status: 'rejected', reason: statusToError(r.status) };
      });
    }),
  );
  const recorded = batch.flatMap((a, index) => {
    const r = results[index]!;
    const event = r.status === 'fulfilled' ? eventAfterCreate(a, r.value.metadata?.name ?? '') : eventAfterFailedCreate(a, r.reason);
    return event ? [event.event] : [];
  });
  events.push(recordEvents(client, recorded, fieldManager));
  return results;
}

async function createOne(client: Client, kinds: readonly ResourceDef[], action: Extract<Action, { kind: 'create' }>, fieldManager: string): Promise<KubeObject> {
  let created: KubeObject;
  try {
    created = await scoped(client, kinds, action.resource, action.namespace).create(action.object, { fieldManager });
  } catch (e) {
    const failed = eventAfterFailedCreate(action, e);
    if (failed) await recordEvents(client, [failed.event], fieldManager);
    throw e;
  }
  const event = eventAfterCreate(action, created.metadata?.name ?? '');
  if (event) await recordEvents(client, [event.event], fieldManager);
  return created;
}

async function runOne(client: Client, kinds: readonly ResourceDef[], action: Action, fieldManager: string, report: ExecutionReport): Promise<void> {
  switch (action.kind) {
    case 'create':
      report.created.push(await createOne(client, kinds, action, fieldManager));
      return;
    case 'update':
      report.written.push(await scoped(client, kinds, action.resource, action.namespace).update(action.object, { fieldManager }));
      return;
    case 'updateStatus':
      report.written.push(await scoped(client, kinds, action.resource, action.namespace).updateStatus(action.object, { fieldManager }));
      return;
    case 'patch':
      report.written.push(
        await scoped(client, kinds, action.resource, action.namespace).patch(action.name, PATCH_TYPES[action.patchType], action.patch as never, { fieldManager }),
      );
      return;
    case 'delete':
      await scoped(client, kinds, action.resource, action.namespace).delete(action.name, {
        preconditions: action.preconditions,
        propagationPolicy: action.propagationPolicy,
      });
      return;
    case 'event':
      await recordEvents(client, [action.event], fieldManager);
      return;
  }
}
