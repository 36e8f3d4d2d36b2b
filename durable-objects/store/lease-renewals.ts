import { ApiError, badRequest } from '../../shared/api/errors';
import type { ResourceDef } from '../../shared/api/registry';
import { renewalBody, renewLease, type LeaseRenewal, type RenewedLease } from '../../shared/apiserver/lease-renewal';
import { storageKeyOf } from '../../shared/apiserver/storage-resource';
import type { StoreEngine } from '../../shared/apiserver/store-engine';
import type { StoreResult, UpdateRequest } from '../../shared/apiserver/store-protocol';
import { toStatus } from '../../shared/client/store-result';
import { rfc3339 } from '../../shared/nodes/time-format';
import { clock } from '../../platform/clock';
import { log } from '../../platform/log';
import { CommittedCopies } from './committed-copies';
import type { StoredObject } from '../../shared/api/object';

/**
 * The kubelets' Lease renewals of one batch in one transaction: one SELECT for the batch's Leases
 * (their resourceVersions only, where the copy of a Lease as this store last renewed it is still
 * current: CommittedCopies), then per renewal the pure decision (shared/apiserver/lease-renewal.ts) and one commit (object row
 * and event row in one INSERT), published after the transaction as every commit is (watch events,
 * one change-notice batch). No body check, defaults, validation or field-ownership walk: a renewal
 * only sets renewTime, which the renewing manager alone owns. A renewal the decision cannot settle
 * goes through the generic updateMany afterwards, in the same call. Each renewal is its own
 * write with its own result, as in updateMany.
 */
export async function renewLeaseBatch(engine: StoreEngine, def: ResourceDef, reqs: LeaseRenewal[]): Promise<StoreResult<RenewedLease>[]> {
  if (def.group !== 'coordination.k8s.io' || def.plural !== 'leases') throw badRequest(`Lease renewals are for coordination.k8s.io leases, not ${def.plural}`);
  const resource = storageKeyOf(def);
  // the managedFields time, as the store's write context stamps it
  const now = rfc3339(clock.now());
  const out: StoreResult<RenewedLease>[] = new Array(reqs.length);
  const generic: { i: number; req: UpdateRequest }[] = [];
  const copies = copiesOf(engine);
  const committed: StoredObject[] = [];
  engine.atomically(() => {
    const read = copies.read(engine.table, resource, reqs.map((r) => r.name));
    const seen = new Set<string>();
    for (const [i, r] of reqs.entries()) {
      // a name twice in one batch: the second renewal meets the first one's commit
      const old = read && !seen.has(r.name) ? (read.get(r.name) ?? null) : engine.table.get(resource, r.name);
      seen.add(r.name);
      const decision = renewLease(def, old, r, now);
      if ('refused' in decision) out[i] = refused(decision.refused);
      else if ('generic' in decision) generic.push({ i, req: { def, name: r.name, object: renewalBody(old!, r), target: 'main', version: 'v1', fieldManager: r.fieldManager } });
      else {
        try {
          const stored = engine.commit(resource, 'MODIFIED', decision.renewed, old);
          committed.push(stored);
          out[i] = { ok: true, value: { resourceVersion: stored.metadata.resourceVersion } };
        } catch (e) {
          // nothing of this renewal was written (a commit is whole or absent): the batch goes on
          out[i] = refused(e);
        }
      }
    }
  });
  // the transaction has ended: these commits are durable, their copies good until the next write
  copies.keep(committed);
  if (generic.length) {
    const results = await engine.updateMany(generic.map((g) => g.req));
    for (const [j, g] of generic.entries()) {
      const r = results[j]!;
      out[g.i] = 'value' in r ? { ok: true, value: { resourceVersion: r.value.object.metadata.resourceVersion, object: r.value.object } } : refused(r.error);
    }
  }
  return out;
}

/** Each store's copies of its Leases as last renewed (one store engine per Durable Object instance). */
const leaseCopies = new WeakMap<StoreEngine, CommittedCopies>();

function copiesOf(engine: StoreEngine): CommittedCopies {
  let c = leaseCopies.get(engine);
  if (!c) leaseCopies.set(engine, (c = new CommittedCopies()));
  return c;
}

function refused(e: unknown): StoreResult<never> {
  if (!(e instanceof ApiError)) log.error('internal error', { resource: 'leases', error: String(e), stack: e instanceof Error ? e.stack : undefined });
  return { ok: false, status: toStatus(e) };
}
