// What the Worker and a priority level's Durable Object say to each other (typed RPC).
import type { RejectReason } from './queue-set';

/** What a level's Durable Object needs to run its queues. */
export interface LevelConfig {
  name: string;
  uid: string;
  /** Changes whenever anything below changes, so the level's queues are reconfigured only then. */
  version: string;
  concurrencyLimit: number;
  /** 0 for a Reject level. */
  queues: number;
  handSize: number;
  queueLengthLimit: number;
}

export interface AcquireRequest {
  /** Chosen by the Worker (a UUID), so it can cancel the request while it waits. */
  id: string;
  level: LevelConfig;
  flowSchema: string;
  distinguisher: string;
  seats: number;
  /** The isolate holds no lease of this level: grant one with the request if the level is uncontended. */
  wantLease?: boolean;
}

/** Seats an isolate may run its requests on without asking (shared/flowcontrol/isolate-lease.ts). */
export interface SeatLease {
  ticket: string;
  seats: number;
  ttlMs: number;
}

/** A request may run (release `ticket` when done), or is rejected with the Retry-After to send. */
export type AcquireResult = { ok: true; ticket: string; waitedMs: number; lease?: SeatLease } | { ok: false; reason: RejectReason; retryAfter: number };

/** One level's gauges and counters, per flow schema, for apiserver_flowcontrol_* metrics. */
export interface LevelMetrics {
  level: string;
  perSchema: Record<string, { waiting: number; executing: number; executingSeats: number; dispatched: number; rejected: Partial<Record<RejectReason, number>>; waitSeconds: number }>;
  concurrencyLimit: number;
}

/** A priority level's Durable Object. */
export interface FlowControlLevelApi {
  /** Resolves when the request may run, waiting in its queue (up to the queue-wait limit) if it must. */
  acquire(req: AcquireRequest): Promise<AcquireResult>;
  /** The request finished (or, for a watch, its initial list was sent): its seats free up. */
  release(ticket: string): Promise<void>;
  /** The client went away: a waiting request leaves its queue (rejected as `cancelled`), a running one is released. */
  cancel(id: string): Promise<void>;
  metrics(): Promise<LevelMetrics>;
  /** The level's recent peak seat demand (executing + waiting), what borrowing divides seats by. */
  seatDemand(): Promise<number>;
}
