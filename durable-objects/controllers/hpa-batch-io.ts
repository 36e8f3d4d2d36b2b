import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject, StoredObject } from '../../shared/api/object';
import type { ResourceDef } from '../../shared/api/registry';
import { toScale } from '../../shared/apiserver/scale';
import type { StoreApi, StoreResult, WriteResult } from '../../shared/apiserver/store-protocol';
import type { Client } from '../../shared/client';
import { statusToError } from '../../shared/client/store-result';
import { listServes } from '../../shared/controllers/hpa';
import { namespaceStore } from '../../platform/stores';
import { recordedAt, type EventRecorder } from '../../shared/controllers/event-correlation';
import { log } from '../../platform/log';
import { HORIZONTAL_POD_AUTOSCALER_DEF } from '../../shared/api/resource-defs';

const kindKey = (def: ResourceDef) => `${def.group}/${def.plural}`;

/**
 * One batch's reads of the targets its namespace's views do not keep (hpa-views.ts: all but Deployments):
 * each kind read with one list when that serves enough of the batch (listServes), else its scale
 * subresource as one sync alone would. A list is as fresh as the GETs it replaces (it is taken when the
 * batch starts); the size of each list is remembered in `sizes` (the host's memo) to judge the next one.
 */
export class HpaNamespaceReads {
  private readonly scales = new Map<string, Map<string, Scale>>();

  constructor(
    private readonly namespace: string,
    private readonly sizes: Map<string, number>,
  ) {}

  /** Lists each target kind whose due syncs a list serves, as Scales (toScale: what the scale subresource shows). */
  async prepareTargets(targets: { def: ResourceDef; client: Client }[]): Promise<void> {
    const byKind = new Map<string, { def: ResourceDef; client: Client; due: number }>();
    for (const t of targets) {
      const k = kindKey(t.def);
      const seen = byKind.get(k);
      if (seen) seen.due++;
      else byKind.set(k, { ...t, due: 1 });
    }
    await Promise.all(
      [...byKind].map(async ([k, { def, client, due }]) => {
        const key = `${this.namespace}/${k}`;
        if (!listServes(due, this.sizes.get(key))) return;
        const items = await this.list<KubeObject>(def, client);
        if (!items) return;
        this.sizes.set(key, items.length);
        this.scales.set(k, new Map(items.map((o) => [o.metadata!.name!, toScale(def, o as StoredObject) as Scale])));
      }),
    );
  }

  /** The target's scale: from a list of its kind when one was taken and holds it, else its scale subresource (whose errors are upstream's). */
  scale(def: ResourceDef, client: Client, name: string): Promise<Scale> {
    const listed = this.scales.get(kindKey(def))?.get(name);
    return listed ? Promise.resolve(listed) : client.resource(def).namespace(this.namespace).getScale(name);
  }

  private async list<T>(def: ResourceDef, client: Client): Promise<T[] | undefined> {
    try {
      return (await client.resource<T & KubeObject>(def).namespace(this.namespace).list()).items as T[];
    } catch (e) {
      log.warn('hpa shared read failed, reading one by one', { namespace: this.namespace, resource: def.plural, error: String(e) });
      return undefined;
    }
  }
}

/** How one HPA's status write went: `stored` as the store returned it, or `failed` (refused by the store, or its call failed). */
export type StatusOutcome = { name: string; stored: HorizontalPodAutoscaler } | { name: string; failed: 'refused' | 'unknown' };

/**
 * One batch's writes in one namespace: HPA statuses as one updateMany (each still its own
 * conditional write, a 409 its own FailedUpdateStatus event, as a lone updateStatus would give) and
 * Events through the host's recorder (best effort; a repeat, the same failure every sync, patches its count).
 */
export class HpaNamespaceWrites {
  private readonly statuses: { hpa: HorizontalPodAutoscaler; seq: number }[] = [];
  private readonly events: Event[] = [];

  constructor(
    private readonly store: StoreApi,
    private readonly recorder: EventRecorder,
    private readonly fieldManager: string,
    /** Builds the FailedUpdateStatus event (`seq`: after the sync's own events) for an HPA whose status write failed. */
    private readonly failedStatus: (hpa: HorizontalPodAutoscaler, message: string, seq: number) => Event,
  ) {}

  static of(store: (name: string) => StoreApi, recorder: EventRecorder, namespace: string, fieldManager: string, failedStatus: (hpa: HorizontalPodAutoscaler, message: string, seq: number) => Event) {
    return new HpaNamespaceWrites(store(namespaceStore(namespace)), recorder, fieldManager, failedStatus);
  }

  /** Queues the status write of `hpa` (carrying the resourceVersion it was read at); `seq` numbers a failure's event after the sync's. */
  status(hpa: HorizontalPodAutoscaler, seq: number): void {
    this.statuses.push({ hpa, seq });
  }

  event(...events: Event[]): void {
    this.events.push(...events);
  }

  /**
   * Writes the statuses, then the events (with a FailedUpdateStatus for each status write that failed).
   * Says how each status write went: the HPA as stored, refused (its own Status), or unknown (the call failed).
   */
  async flush(): Promise<StatusOutcome[]> {
    const outcomes: StatusOutcome[] = [];
    if (this.statuses.length) {
      const reqs = this.statuses.map(({ hpa: h }) => ({ def: HORIZONTAL_POD_AUTOSCALER_DEF, name: h.metadata!.name!, object: h as unknown as KubeObject, target: 'status' as const, version: 'v2', fieldManager: this.fieldManager }));
      let results: StoreResult<WriteResult>[] | undefined;
      let error: unknown;
      try {
        results = await this.store.updateMany(reqs);
      } catch (e) {
        error = e;
      }
      this.statuses.forEach(({ hpa, seq }, i) => {
        const r = results?.[i];
        const name = hpa.metadata!.name!;
        outcomes.push(r?.ok ? { name, stored: r.value.object as unknown as HorizontalPodAutoscaler } : { name, failed: r ? 'refused' : 'unknown' });
        if (r?.ok) return;
        const message = r ? statusToError(r.status).message : error instanceof Error ? error.message : String(error);
        this.events.push(this.failedStatus(hpa, message, seq));
      });
    }
    await this.recorder.record(this.events.map(recordedAt), this.fieldManager);
    this.statuses.length = 0;
    this.events.length = 0;
    return outcomes;
  }
}
