import { noticeOf, routeNotices, type ChangeNotice } from '../../shared/apiserver/change-notice';
import { NoticeOutbox, turnHeldMs } from '../../shared/apiserver/notice-outbox';
import { realClock, type Clock } from '../../shared/clock/clock';
import type { NoticeScope } from '../../shared/controllers/notice-scope';
import type { StoredObject } from '../../shared/api/object';
import type { Env } from '../../platform/env';
import { controllerStub } from '../../platform/stores';
import { log } from '../../platform/log';
import type { ControllerDef } from './controller-def';
import { CONTROLLERS, SUBSCRIPTIONS } from './registry';

/**
 * Collects a store's commits and tells subscribed controllers, fire-and-forget: the commits of one turn
 * of the event loop are routed together, and each host has at most one notify RPC in flight, so what
 * commits while it is on its way goes in the next one (NoticeOutbox). `delivered` hears the highest
 * resourceVersion whose notices all reached their controllers, so a store that restarts (a crash
 * between a commit and its notices) can replay the rest from its event log; the resync covers anything older.
 * `holds` answers what the store holds (a controller's `wants` may ask, shared/controllers/notice-scope.ts);
 * its answers are kept until a notice of that resource is recorded, so a turn of pod commits reads nothing.
 */
export class ControllerNotifier {
  private pending: ChangeNotice[] = [];
  private pendingRvs: number[] = [];
  private scheduled = false;
  private readonly outbox = new NoticeOutbox();
  private reportedRv = 0;
  /** A delivery failed (or notices were dropped): stop reporting progress, so a restart replays from the last good point. */
  private stuck = false;
  /** `holds` answers by resource, each valid until a notice of that resource is recorded. */
  private readonly held = new Map<string, boolean>();
  private readonly scope?: NoticeScope;
  /** Hosts with a send loop running, or waiting for their turn. */
  private readonly sending = new Set<string>();
  /** When the last notify RPC to each host with a notice spacing started (wall ms). */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly waitUntil: (p: Promise<unknown>) => void,
    private readonly delivered?: (rv: number) => void,
    holds?: (resource: string) => boolean,
    /** Wall time for hosts' notice spacing (noticeSpacingMs): about RPC load, not cluster time. */
    private readonly wall: Clock = realClock,
  ) {
    if (holds) this.scope = { holds: (resource) => this.holdsNow(resource, holds) };
  }

  /** `prev`: the object before the commit, so the notice says what changed (shared/apiserver/change-notice.ts). */
  record(resource: string, type: ChangeNotice['type'], obj: StoredObject, prev?: StoredObject | null): void {
    this.held.delete(resource);
    if (!SUBSCRIPTIONS[resource] && !SUBSCRIPTIONS['*']) return;
    this.pending.push(noticeOf(resource, type, obj, prev));
    this.pendingRvs.push(Number(obj.metadata.resourceVersion) || 0);
    if (this.scheduled) return;
    this.scheduled = true;
    this.waitUntil(Promise.resolve().then(() => this.flush()));
  }

  private flush(): void {
    const notices = this.pending;
    const rvs = this.pendingRvs;
    this.pending = [];
    this.pendingRvs = [];
    this.scheduled = false;
    const rvOf = new Map(notices.map((n, i) => [n, rvs[i]!]));
    for (const rv of rvs) this.outbox.recorded(rv);
    const routed = routeNotices(notices, SUBSCRIPTIONS, (controller, n) => heard(CONTROLLERS[controller], n, this.scope));
    for (const [host, batch] of shardRouted(routed)) for (const n of batch) this.outbox.add(host, n, rvOf.get(n)!);
    for (const host of this.outbox.ready()) {
      if (this.sending.has(host)) continue; // its send loop (or its wait for its turn) takes these too
      this.sending.add(host);
      this.waitUntil(this.send(host));
    }
    this.report();
  }

  /**
   * Sends `host` what waits for it, one RPC at a time, until nothing does. A host with a notice spacing
   * (ControllerDef.noticeSpacingMs) gets its next RPC no sooner than that after the last one started:
   * what commits meanwhile waits and goes in one.
   */
  private async send(host: string): Promise<void> {
    const spacing = CONTROLLERS[host.split('#')[0]!]?.noticeSpacingMs;
    try {
      for (;;) {
        // nothing waits: no turn to wait for (a wait here would be a timer for nothing)
        if (!this.outbox.waiting(host)) return;
        const held = spacing ? turnHeldMs(this.lastSent.get(host) ?? -Infinity, this.wall.now(), spacing) : 0;
        if (held > 0) await this.wall.sleep(held);
        const batch = this.outbox.take(host);
        if (!batch.length) return;
        if (spacing) this.lastSent.set(host, this.wall.now());
        try {
          await controllerStub(this.env, host).notify(batch);
        } catch (e) {
          this.stuck = true;
          log.warn('notify failed', { controller: host, count: batch.length, error: String(e) });
        }
        this.outbox.done(host);
        this.report();
      }
    } finally {
      this.sending.delete(host);
    }
  }

  /** What `holds` says, asked once per resource between its notices; a failed read keeps every notice. */
  private holdsNow(resource: string, holds: (resource: string) => boolean): boolean {
    let v = this.held.get(resource);
    if (v !== undefined) return v;
    try {
      v = holds(resource);
    } catch (e) {
      log.warn('store contents unknown for notice routing', { resource, error: String(e) });
      return true;
    }
    this.held.set(resource, v);
    return v;
  }

  private report(): void {
    if (this.outbox.dropped) this.stuck = true;
    if (this.stuck) return;
    const rv = this.outbox.deliveredRv();
    if (rv <= this.reportedRv) return;
    this.reportedRv = rv;
    this.delivered?.(rv);
  }
}

/**
 * Whether a controller would do anything with a notice: one it does not want, or that names none of
 * its keys and feeds no in-memory view (`observe`), would only be dropped by its host after an RPC.
 */
export function heard(def: ControllerDef | undefined, n: ChangeNotice, scope?: NoticeScope): boolean {
  if (!def) return true;
  if (def.wants && !def.wants(n, scope)) return false;
  return Boolean(def.observe) || def.keysFor(n).length > 0;
}

/** Splits a sharded controller's batch over its hosts (`<name>#<shard>`). */
function shardRouted(routed: Map<string, ChangeNotice[]>): Map<string, ChangeNotice[]> {
  const out = new Map<string, ChangeNotice[]>();
  for (const [controller, batch] of routed) {
    const def = CONTROLLERS[controller];
    for (const n of batch) {
      const host = def?.shards && def.shardOf ? `${controller}#${def.shardOf(n)}` : controller;
      const list = out.get(host) ?? [];
      list.push(n);
      out.set(host, list);
    }
  }
  return out;
}
