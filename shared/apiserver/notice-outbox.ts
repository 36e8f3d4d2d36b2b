import type { ChangeNotice } from './change-notice';

/** Notices one RPC carries at most (a notice is a few hundred bytes of JSON). */
export const MAX_NOTICES_PER_RPC = 1000;
/** Notices a host may have waiting: beyond this the oldest are dropped (its resync covers them), so a stuck host cannot fill memory. */
export const MAX_NOTICES_WAITING = 50_000;

/**
 * How long a host's turn stays taken after a notify RPC to it started at `sentAt`, for a host that asks
 * for at most one RPC per `spacingMs` from each store (ControllerDef.noticeSpacingMs): what commits
 * meanwhile waits and goes in one next RPC. 0 once the spacing has passed, or without one.
 * @example turnHeldMs(1000, 1020, 50) === 30 // the RPC took 20 ms: 30 more before the next
 */
export function turnHeldMs(sentAt: number, now: number, spacingMs = 0): number {
  return Math.max(0, sentAt + spacingMs - now);
}

interface HostBox {
  /** Notices waiting for the next RPC, in commit order, with their resourceVersions. */
  waiting: ChangeNotice[];
  rvs: number[];
  /** The lowest resourceVersion of the RPC in flight; undefined when none is. */
  inFlightRv?: number;
}

/**
 * A store's change notices on their way to controller hosts. Each host has at most one notify RPC in
 * flight; what commits while it is on its way waits and goes in the next one, so a burst of commits
 * (a createMany's pods, one commit each) costs a host a few RPCs instead of one per commit, with no
 * added delay when the store is quiet. A host hears its notices in commit order.
 * @example
 * outbox.add('replicaset', notice, 42);
 * const batch = outbox.take('replicaset'); // [] while an RPC is in flight
 * await host.notify(batch); outbox.done('replicaset');
 */
export class NoticeOutbox {
  private readonly hosts = new Map<string, HostBox>();
  /** The highest resourceVersion recorded (routed to some host or to none). */
  private recordedRv = 0;
  /** Notices dropped for a host that fell too far behind. */
  dropped = 0;

  /** A commit at `rv` whose notice concerns no host: delivered once everything before it is. */
  recorded(rv: number): void {
    this.recordedRv = Math.max(this.recordedRv, rv);
  }

  /** Queues `notice` (committed at `rv`) for `host`. */
  add(host: string, notice: ChangeNotice, rv: number): void {
    this.recorded(rv);
    let box = this.hosts.get(host);
    if (!box) this.hosts.set(host, (box = { waiting: [], rvs: [] }));
    box.waiting.push(notice);
    box.rvs.push(rv);
    if (box.waiting.length > MAX_NOTICES_WAITING) {
      box.waiting.shift();
      box.rvs.shift();
      this.dropped++;
    }
  }

  /** Hosts with notices waiting and no RPC in flight: the ones to send to now. */
  ready(): string[] {
    const out: string[] = [];
    for (const [host, box] of this.hosts) if (box.inFlightRv === undefined && box.waiting.length) out.push(host);
    return out;
  }

  /** Whether notices wait for `host` (an RPC in flight or not). */
  waiting(host: string): boolean {
    return Boolean(this.hosts.get(host)?.waiting.length);
  }

  /** The next batch for `host`, now in flight until `done`; empty while one is in flight or none waits. */
  take(host: string, max = MAX_NOTICES_PER_RPC): ChangeNotice[] {
    const box = this.hosts.get(host);
    if (!box || box.inFlightRv !== undefined || !box.waiting.length) return [];
    box.inFlightRv = box.rvs[0];
    box.rvs.splice(0, max);
    return box.waiting.splice(0, max);
  }

  /** The RPC in flight to `host` ended (delivered or failed: the caller decides what a failure means). */
  done(host: string): void {
    const box = this.hosts.get(host);
    if (!box) return;
    box.inFlightRv = undefined;
    if (!box.waiting.length) this.hosts.delete(host);
  }

  /** The highest resourceVersion at or below which every notice reached its host (0: none yet). */
  deliveredRv(): number {
    let lowest = Infinity;
    for (const box of this.hosts.values()) lowest = Math.min(lowest, box.inFlightRv ?? Infinity, box.rvs[0] ?? Infinity);
    return Number.isFinite(lowest) ? Math.max(0, Math.min(this.recordedRv, lowest - 1)) : this.recordedRv;
  }
}
