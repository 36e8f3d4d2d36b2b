import { noticeOf, routeNotices, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { StoredObject } from '../../shared/api/object';
import type { Env } from '../../platform/env';
import { controllerStub } from '../../platform/stores';
import { log } from '../../platform/log';
import { CONTROLLERS, SUBSCRIPTIONS } from './registry';

/**
 * Collects a store's commits and tells subscribed controllers once per turn of the event loop:
 * one RPC per controller per batch, fire-and-forget. `delivered` hears the highest resourceVersion
 * whose notices all reached their controllers, so a store that restarts (a crash between a commit
 * and its notices) can replay the rest from its event log; the resync covers anything older.
 */
export class ControllerNotifier {
  private pending: ChangeNotice[] = [];
  private pendingRv = 0;
  private scheduled = false;
  /** A delivery failed: stop reporting progress, so a restart replays from the last good point. */
  private stuck = false;

  constructor(
    private readonly env: Env,
    private readonly waitUntil: (p: Promise<unknown>) => void,
    private readonly delivered?: (rv: number) => void,
  ) {}

  record(resource: string, type: ChangeNotice['type'], obj: StoredObject): void {
    if (!SUBSCRIPTIONS[resource] && !SUBSCRIPTIONS['*']) return;
    this.pending.push(noticeOf(resource, type, obj));
    this.pendingRv = Math.max(this.pendingRv, Number(obj.metadata.resourceVersion) || 0);
    if (this.scheduled) return;
    this.scheduled = true;
    this.waitUntil(Promise.resolve().then(() => this.flush()));
  }

  private async flush(): Promise<void> {
    const notices = this.pending;
    const rv = this.pendingRv;
    this.pending = [];
    this.scheduled = false;
    let failed = false;
    const routed = routeNotices(notices, SUBSCRIPTIONS, (controller, n) => CONTROLLERS[controller]?.wants?.(n) ?? true);
    await Promise.all(
      [...shardRouted(routed)].map(async ([controller, batch]) => {
        try {
          await controllerStub(this.env, controller).notify(batch);
        } catch (e) {
          failed = true;
          log.warn('notify failed', { controller, count: batch.length, error: String(e) });
        }
      }),
    );
    if (failed) this.stuck = true;
    else if (!this.stuck && rv) this.delivered?.(rv);
  }
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
