import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../../platform/env';
import { clock } from '../../platform/clock';
import { realTimeSchedule } from '../../shared/clock/clock';
import { flowHash, leaseSeats, LEASE_TTL_MS, newDropStats, newSeatDemand, noteDemand, QueueSet, recentDemand, recordDrop, type AcquireRequest, type AcquireResult, type FlowControlLevelApi, type LevelConfig, type LevelMetrics, type RejectReason, type SeatLease } from '../../shared/flowcontrol';

/** How long a request may wait in a queue: upstream's quarter of the 60 s request timeout. */
const QUEUE_WAIT_MS = 15_000;
/**
 * A dispatched request whose Worker never released it (the isolate died) gives its seats back
 * after this long; a live request is released long before (watches right after their initial list).
 */
const TICKET_LEASE_MS = 65_000;
/** Flow hashes remembered (a sha256 per new flow otherwise). */
const HASH_CACHE = 10_000;

type SchemaStats = LevelMetrics['perSchema'][string];

/** The flow-schema label of seats leased to isolates (their requests are counted by the isolates). */
const LEASED = '(isolate lease)';

/**
 * One priority level's seats and queues, one Durable Object per level (named after it), so every
 * Worker isolate draws on the same accounting. It decides nothing itself: the QueueSet
 * (shared/flowcontrol/queue-set.ts) does; this object holds the waiting promises, the
 * queue-wait timers and the counters for /metrics. State is memory only: after a restart a
 * level starts empty, as an apiserver's does. Its time is the wall clock (clock.wallNow): it queues real
 * requests, which a fast or paused cluster clock must not age.
 */
export class FlowControlLevel extends DurableObject<Env> implements FlowControlLevelApi {
  private qs: QueueSet | undefined;
  private config: LevelConfig | undefined;
  private readonly waiting = new Map<string, { resolve: (r: AcquireResult) => void; cancelTimer: () => void; flowSchema: string; seats: number; at: number }>();
  private readonly running = new Map<string, { flowSchema: string; seats: number; at: number }>();
  private readonly hashes = new Map<string, bigint>();
  private readonly stats = new Map<string, SchemaStats>();
  private readonly drops = newDropStats();
  private readonly demand = newSeatDemand();
  private nextId = 0;

  async acquire(req: AcquireRequest): Promise<AcquireResult> {
    const hash = await this.hashOf(req.flowSchema, req.distinguisher);
    const now = clock.wallNow();
    this.configure(req.level, now);
    this.reclaimLeases(now);
    const id = req.id;
    const s = this.statsOf(req.flowSchema);
    const r = this.qs!.enqueue(id, hash, req.seats, now);
    this.noteDemand(now);
    if (r.outcome === 'rejected') return this.reject(s, r.reason, now);
    const mine = r.outcome === 'dispatched';
    this.started(r.dispatched.filter((d) => d !== id), now);
    if (mine) {
      this.run(id, req.flowSchema, req.seats, now);
      return { ok: true, ticket: id, waitedMs: 0, lease: req.wantLease ? this.grantLease(hash, now) : undefined };
    }
    s.waiting++;
    return new Promise<AcquireResult>((resolve) => {
      const cancelTimer = realTimeSchedule(QUEUE_WAIT_MS, () => this.timeOut(id));
      this.waiting.set(id, { resolve, cancelTimer, flowSchema: req.flowSchema, seats: req.seats, at: now });
    });
  }

  async release(ticket: string): Promise<void> {
    const r = this.running.get(ticket);
    if (!r || !this.qs) return;
    this.running.delete(ticket);
    const s = this.statsOf(r.flowSchema);
    s.executing--;
    s.executingSeats -= r.seats;
    const now = clock.wallNow();
    this.started(this.qs.finish(ticket, now), now);
    this.noteDemand(now);
  }

  async seatDemand(): Promise<number> {
    return recentDemand(this.demand, clock.wallNow());
  }

  private noteDemand(now: number): void {
    if (this.qs) noteDemand(this.demand, now, this.qs.seatsExecuting + this.qs.seatsWaiting);
  }

  async cancel(id: string): Promise<void> {
    const w = this.waiting.get(id);
    if (!w || !this.qs) return this.release(id);
    const now = clock.wallNow();
    this.qs.remove(id, now);
    this.waiting.delete(id);
    w.cancelTimer();
    const s = this.statsOf(w.flowSchema);
    s.waiting--;
    this.noteDemand(now);
    w.resolve(this.reject(s, 'cancelled', now));
  }

  async metrics(): Promise<LevelMetrics> {
    return { level: this.config?.name ?? '', concurrencyLimit: this.config?.concurrencyLimit ?? 0, perSchema: Object.fromEntries(this.stats) };
  }

  /**
   * Seats an isolate may use without asking, held as one executing request of the asking flow
   * (its requests on them are counted by the isolate, not here); released by the isolate when its
   * lease ran out and its last request on it finished.
   */
  private grantLease(hash: bigint, now: number): SeatLease | undefined {
    const seats = leaseSeats(this.config!.concurrencyLimit, this.qs!.seatsExecuting, this.qs!.requestsWaiting);
    if (!seats) return undefined;
    const id = `lease-${now.toString(36)}-${(this.nextId++).toString(36)}`;
    const r = this.qs!.enqueue(id, hash, seats, now);
    if (r.outcome !== 'dispatched') {
      if (r.outcome === 'queued') this.qs!.remove(id, now);
      return undefined;
    }
    this.run(id, LEASED, seats, now);
    this.noteDemand(now);
    return { ticket: id, seats, ttlMs: LEASE_TTL_MS };
  }

  private configure(level: LevelConfig, now: number): void {
    if (this.config?.version === level.version && this.qs) return;
    const qc = { concurrencyLimit: level.concurrencyLimit, queues: level.queues, handSize: level.handSize, queueLengthLimit: level.queueLengthLimit };
    this.config = level;
    if (!this.qs) this.qs = new QueueSet(qc, now);
    else this.started(this.qs.setConfig(qc, now), now);
  }

  private async hashOf(fs: string, distinguisher: string): Promise<bigint> {
    const key = `${fs}\u0000${distinguisher}`;
    let h = this.hashes.get(key);
    if (h === undefined) {
      h = await flowHash(crypto.subtle, fs, distinguisher);
      if (this.hashes.size >= HASH_CACHE) this.hashes.delete(this.hashes.keys().next().value!);
      this.hashes.set(key, h);
    }
    return h;
  }

  private statsOf(fs: string): SchemaStats {
    let s = this.stats.get(fs);
    if (!s) this.stats.set(fs, (s = { waiting: 0, executing: 0, executingSeats: 0, dispatched: 0, rejected: {}, waitSeconds: 0 }));
    return s;
  }

  private run(id: string, fs: string, seats: number, now: number): void {
    const s = this.statsOf(fs);
    s.executing++;
    s.executingSeats += seats;
    s.dispatched++;
    this.running.set(id, { flowSchema: fs, seats, at: now });
  }

  /** Waiting requests the queue set just dispatched: their callers may go. */
  private started(ids: string[], now: number): void {
    for (const id of ids) {
      const w = this.waiting.get(id);
      if (!w) continue;
      this.waiting.delete(id);
      w.cancelTimer();
      const s = this.statsOf(w.flowSchema);
      s.waiting--;
      s.waitSeconds += (now - w.at) / 1000;
      this.run(id, w.flowSchema, w.seats, now);
      w.resolve({ ok: true, ticket: id, waitedMs: now - w.at });
    }
  }

  private reject(s: SchemaStats, reason: RejectReason, now: number): AcquireResult {
    s.rejected[reason] = (s.rejected[reason] ?? 0) + 1;
    return { ok: false, reason, retryAfter: recordDrop(this.drops, Math.floor(now / 1000)) };
  }

  private timeOut(id: string): void {
    const w = this.waiting.get(id);
    if (!w || !this.qs) return;
    const now = clock.wallNow();
    this.qs.remove(id, now);
    this.waiting.delete(id);
    const s = this.statsOf(w.flowSchema);
    s.waiting--;
    w.resolve(this.reject(s, 'time-out', now));
  }

  private reclaimLeases(now: number): void {
    for (const [id, r] of this.running) if (now - r.at > TICKET_LEASE_MS) void this.release(id);
  }
}
