import { noticeOf, routeNotices, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { StoredObject } from '../../shared/api/object';
import type { Env } from '../../platform/env';
import { controllerStub } from '../../platform/stores';
import { log } from '../../platform/log';
import { CONTROLLERS, SUBSCRIPTIONS } from './registry';

/**
 * Collects a store's commits and tells subscribed controllers once per turn of the event loop:
 * one RPC per controller per batch, fire-and-forget (a lost notice is covered by the resync).
 */
export class ControllerNotifier {
  private pending: ChangeNotice[] = [];
  private scheduled = false;

  constructor(
    private readonly env: Env,
    private readonly waitUntil: (p: Promise<unknown>) => void,
  ) {}

  record(resource: string, type: ChangeNotice['type'], obj: StoredObject): void {
    if (!SUBSCRIPTIONS[resource] && !SUBSCRIPTIONS['*']) return;
    this.pending.push(noticeOf(resource, type, obj));
    if (this.scheduled) return;
    this.scheduled = true;
    this.waitUntil(Promise.resolve().then(() => this.flush()));
  }

  private async flush(): Promise<void> {
    const notices = this.pending;
    this.pending = [];
    this.scheduled = false;
    const routed = routeNotices(notices, SUBSCRIPTIONS, (controller, n) => CONTROLLERS[controller]?.wants?.(n) ?? true);
    await Promise.all(
      [...shardRouted(routed)].map(async ([controller, batch]) => {
        try {
          await controllerStub(this.env, controller).notify(batch);
        } catch (e) {
          log.warn('notify failed', { controller, count: batch.length, error: String(e) });
        }
      }),
    );
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
