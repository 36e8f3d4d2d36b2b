// Port of the fair queuing of k8s.io/apiserver/pkg/util/flowcontrol/fairqueuing/queueset: one
// priority level's queues, its seats in use, and the virtual clock that orders dispatch. Time is
// a parameter (`now`, ms) so that a Durable Object drives it and tests step it.
import { newDealer, type Dealer } from './shuffle-sharding';

/** The queuing of one priority level. `queues: 0` is a Reject level (never queues). */
export interface QueueSetConfig {
  concurrencyLimit: number;
  queues: number;
  handSize: number;
  queueLengthLimit: number;
}

/** Why a request was not served (the `reason` label of apiserver_flowcontrol_rejected_requests_total). */
export type RejectReason = 'queue-full' | 'concurrency-limit' | 'time-out' | 'cancelled';

/** Upstream's guess of a request's service time (G), corrected on finish by the real duration. */
export const ESTIMATED_SERVICE_SECONDS = 3;

interface Waiting {
  id: string;
  seats: number;
  queue: number;
  arrivalR: number;
  arrivedAt: number;
}

interface Queue {
  waiting: Waiting[];
  waitingSeats: number;
  executing: number;
  executingSeats: number;
  /** The virtual time at which this queue's next request starts. */
  nextDispatchR: number;
}

interface Executing {
  seats: number;
  queue: number;
  dispatchedAt: number;
}

/** What happened to an arriving request, plus every request (it or earlier ones) now dispatched. */
export type EnqueueOutcome =
  | { outcome: 'dispatched'; dispatched: string[] }
  | { outcome: 'queued'; dispatched: string[] }
  | { outcome: 'rejected'; reason: RejectReason; dispatched: string[] };

const emptyQueue = (r: number): Queue => ({ waiting: [], waitingSeats: 0, executing: 0, executingSeats: 0, nextDispatchR: r });

/**
 * A queue set: shuffle-shards each flow to a few queues, queues requests when the level's seats
 * are taken, and dispatches the waiting request with the earliest virtual finish time. Virtual time
 * R advances at min(seats requested, limit) / active queues per second, so every busy queue gets
 * an equal share of the seats whatever its flow's arrival rate.
 * @example
 * const qs = new QueueSet({ concurrencyLimit: 1, queues: 8, handSize: 2, queueLengthLimit: 5 }, 0);
 * qs.enqueue('a', 1n, 1, 0).outcome // 'dispatched'
 * qs.enqueue('b', 2n, 1, 0).outcome // 'queued'
 * qs.finish('a', 100) // ['b']
 */
export class QueueSet {
  private config: QueueSetConfig;
  private dealer: Dealer | undefined;
  private queues: Queue[] = [];
  private readonly executing = new Map<string, Executing>();
  private currentR = 0;
  private lastRealTime: number;
  private robinIndex = -1;
  private waitingCount = 0;
  private seatsInUse = 0;

  constructor(config: QueueSetConfig, now: number) {
    this.lastRealTime = now;
    this.config = config;
    this.setConfig(config, now);
  }

  /** Adopts a new limit or queuing (a changed level); waiting requests stay where they are. */
  setConfig(config: QueueSetConfig, now: number): string[] {
    this.syncTime(now);
    this.config = config;
    this.dealer = config.queues > 0 ? newDealer(config.queues, config.handSize) : undefined;
    while (this.queues.length < config.queues) this.queues.push(emptyQueue(this.currentR));
    return this.dispatchAsMuchAsPossible(now);
  }

  /** Seats taken by executing requests. */
  get seatsExecuting(): number {
    return this.seatsInUse;
  }
  get requestsExecuting(): number {
    return this.executing.size;
  }
  get requestsWaiting(): number {
    return this.waitingCount;
  }
  /** Seats the waiting requests ask for. */
  get seatsWaiting(): number {
    return this.queues.reduce((n, q) => n + q.waitingSeats, 0);
  }

  /** A request of `seats` from the flow hashed to `hash` arrives. */
  enqueue(id: string, hash: bigint | number, seats: number, now: number): EnqueueOutcome {
    this.syncTime(now);
    if (!this.dealer) {
      if (!this.canAccommodate(seats)) return { outcome: 'rejected', reason: 'concurrency-limit', dispatched: [] };
      this.startExecuting(id, seats, -1, now);
      return { outcome: 'dispatched', dispatched: [id] };
    }
    // the dealt queue with the fewest waiting seats; the first dealt wins ties
    let best = -1;
    let bestSeats = Infinity;
    for (const q of this.dealer.deal(hash)) {
      const s = this.queues[q]!.waitingSeats;
      if (s < bestSeats) [best, bestSeats] = [q, s];
    }
    const queue = this.queues[best]!;
    if (this.seatsInUse >= this.config.concurrencyLimit && queue.waiting.length >= this.config.queueLengthLimit) {
      return { outcome: 'rejected', reason: 'queue-full', dispatched: [] };
    }
    if (queue.waiting.length === 0 && queue.executing === 0) queue.nextDispatchR = this.currentR;
    queue.waiting.push({ id, seats, queue: best, arrivalR: this.currentR, arrivedAt: now });
    queue.waitingSeats += seats;
    this.waitingCount++;
    const dispatched = this.dispatchAsMuchAsPossible(now);
    return { outcome: dispatched.includes(id) ? 'dispatched' : 'queued', dispatched };
  }

  /** A dispatched request finished: its seats free up; returns the requests dispatched in turn. */
  finish(id: string, now: number): string[] {
    const e = this.executing.get(id);
    if (!e) return [];
    this.syncTime(now);
    this.executing.delete(id);
    this.seatsInUse -= e.seats;
    const queue = this.queues[e.queue];
    if (queue) {
      queue.executing--;
      queue.executingSeats -= e.seats;
      // the queue was charged G per seat at dispatch; give back what the request did not use
      const actual = Math.max(0, now - e.dispatchedAt) / 1000;
      queue.nextDispatchR -= e.seats * (ESTIMATED_SERVICE_SECONDS - actual);
      this.boundNextDispatch(queue);
    }
    return this.dispatchAsMuchAsPossible(now);
  }

  /** Takes a waiting request out (timed out or cancelled); false when it is not waiting. */
  remove(id: string, now: number): boolean {
    this.syncTime(now);
    for (const queue of this.queues) {
      const i = queue.waiting.findIndex((w) => w.id === id);
      if (i < 0) continue;
      const [w] = queue.waiting.splice(i, 1);
      queue.waitingSeats -= w!.seats;
      this.waitingCount--;
      return true;
    }
    return false;
  }

  /** Waiting requests that arrived at or before `cutoff` (candidates for the queue-wait timeout). */
  waitingSince(cutoff: number): string[] {
    return this.queues.flatMap((q) => q.waiting.filter((w) => w.arrivedAt <= cutoff).map((w) => w.id));
  }

  private canAccommodate(seats: number): boolean {
    // a request wider than the whole level runs alone rather than never
    if (seats > this.config.concurrencyLimit) return this.executing.size === 0;
    return this.seatsInUse + seats <= this.config.concurrencyLimit;
  }

  private startExecuting(id: string, seats: number, queue: number, now: number): void {
    this.executing.set(id, { seats, queue, dispatchedAt: now });
    this.seatsInUse += seats;
  }

  private syncTime(now: number): void {
    const elapsed = Math.max(0, now - this.lastRealTime) / 1000;
    this.lastRealTime = Math.max(now, this.lastRealTime);
    let active = 0;
    let requested = 0;
    for (const q of this.queues) {
      requested += q.executingSeats + q.waitingSeats;
      if (q.waiting.length || q.executing) active++;
    }
    if (active) this.currentR += (Math.min(requested, this.config.concurrencyLimit) / active) * elapsed;
  }

  /** Anti-windup: a queue's virtual dispatch never precedes its oldest waiting request's arrival. */
  private boundNextDispatch(queue: Queue): void {
    const head = queue.waiting[0];
    if (head && queue.nextDispatchR < head.arrivalR) queue.nextDispatchR = head.arrivalR;
  }

  private dispatchAsMuchAsPossible(now: number): string[] {
    const out: string[] = [];
    while (this.waitingCount > 0) {
      const id = this.dispatchOne(now);
      if (!id) break;
      out.push(id);
    }
    return out;
  }

  /** Dispatches the head with the smallest virtual finish time, if its seats fit (no skipping ahead). */
  private dispatchOne(now: number): string | undefined {
    const n = this.queues.length;
    let best = -1;
    let bestFinish = Infinity;
    for (let k = 1; k <= n; k++) {
      const qi = (this.robinIndex + k) % n;
      const q = this.queues[qi]!;
      const head = q.waiting[0];
      if (!head) continue;
      const finish = q.nextDispatchR + head.seats * ESTIMATED_SERVICE_SECONDS;
      if (finish < bestFinish) [best, bestFinish] = [qi, finish];
    }
    if (best < 0) return undefined;
    const queue = this.queues[best]!;
    const head = queue.waiting[0]!;
    if (!this.canAccommodate(head.seats)) return undefined;
    queue.waiting.shift();
    queue.waitingSeats -= head.seats;
    this.waitingCount--;
    queue.nextDispatchR += head.seats * ESTIMATED_SERVICE_SECONDS;
    queue.executing++;
    queue.executingSeats += head.seats;
    this.startExecuting(head.id, head.seats, best, now);
    this.boundNextDispatch(queue);
    this.robinIndex = best;
    return head.id;
  }
}
