// `npm run reliability`: histories and watches across restarts, controller faults, then the HTTP fuzzer,
// all against one `wrangler dev` (the closest thing to what users run), bounded in time.
import { performance } from 'node:perf_hooks';
import { Figures } from './figures';
import { runFaultPhase } from './fault-phase';
import { runFuzzPhase } from './fuzz-phase';
import { ServerUnderTest } from './server';
import { runStorePhase } from './store-phase';

export const PHASES = ['histories', 'faults', 'fuzz'] as const;
export type Phase = (typeof PHASES)[number];

export interface ReliabilityOptions {
  /** The repository root (the source is frozen from there). */
  root: string;
  seed: number;
  /** Seconds for the whole run (roughly: server starts come on top of the histories' share). */
  seconds: number;
  /** The history count to aim for within `seconds` (the long mode's 10,000). */
  histories: number;
  only?: Phase[];
  /** A progress line now and then (long runs); silent when absent. */
  progress?: (line: string) => void;
}

/** Quick mode: the fixed seed and budget the test suite runs. */
export const QUICK: Omit<ReliabilityOptions, 'root'> = { seed: 1, seconds: 60, histories: 400 };
/** Long mode: 10,000 histories, as long as it takes up to an hour. */
export const LONG: Omit<ReliabilityOptions, 'root'> = { seed: 1, seconds: 3600, histories: 10_000 };

/** Runs the chosen phases and returns what was counted and found. */
export async function runReliability(o: ReliabilityOptions): Promise<{ figures: Figures; seconds: number }> {
  const figures = new Figures();
  const began = performance.now();
  const phases = new Set<Phase>(o.only ?? PHASES);
  const server = await ServerUnderTest.start(o.root);
  const long = o.seconds > 300;
  try {
    // shares of the budget: histories get most; faults and the fuzzer are bounded by their own work lists
    if (phases.has('histories')) {
      const durationMs = o.seconds * 1000 * (phases.size === 1 ? 0.9 : 0.45);
      // long runs restart about once a minute, alternating SIGTERM and SIGKILL
      const count = Math.max(2, Math.floor(durationMs / 60_000));
      const restarts: { at: number; how: 'term' | 'kill' }[] = long
        ? Array.from({ length: count }, (_, i) => ({ at: (i + 1) / (count + 1), how: i % 2 ? 'kill' : 'term' }))
        : [
            { at: 0.35, how: 'term' as const },
            { at: 0.7, how: 'kill' as const },
          ];
      o.progress?.('histories: concurrent clients against one store, with restarts and SIGKILLs');
      await runStorePhase({
        server,
        figures,
        seed: o.seed,
        ns: 'reliability-histories',
        shape: { clients: 3, opsPerClient: 5, keys: 2 },
        parallel: 8,
        durationMs,
        maxHistories: o.histories,
        restarts,
        timeoutMs: 10_000,
        progress: o.progress,
      });
    }
    if (phases.has('faults')) {
      o.progress?.('faults: a rollout interrupted by SIGKILL, lost and repeated notifications');
      await runFaultPhase({ server, figures, timeoutMs: 60_000, rounds: long ? 5 : 1, killOnAck: long });
    }
    if (phases.has('fuzz')) {
      const remaining = o.seconds * 1000 - (performance.now() - began);
      o.progress?.('fuzz: hostile requests to every part of the HTTP surface');
      await runFuzzPhase({ server, figures, seed: o.seed, durationMs: Math.max(10_000, remaining), progress: o.progress, long });
    }
  } finally {
    await server.stop();
  }
  return { figures, seconds: (performance.now() - began) / 1000 };
}
