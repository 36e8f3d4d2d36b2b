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
      // A store's lists scan it, so one store holding every history would slow down as it fills: long runs
      // move to a fresh namespace (store) every CHUNK histories, each with its own watch and its own graceful
      // restart and SIGKILL.
      const CHUNK = 1000;
      const budgetMs = o.seconds * 1000 * (phases.size === 1 ? 0.9 : 0.45);
      o.progress?.('histories: concurrent clients against one store, with restarts and SIGKILLs');
      for (let chunk = 0; figures.histories < o.histories; chunk++) {
        const left = budgetMs - (performance.now() - began);
        if (left < 5000) break;
        const target = Math.min(CHUNK, o.histories - figures.histories);
        await runStorePhase({
          server,
          figures,
          seed: o.seed,
          ns: `reliability-histories-${chunk}`,
          shape: { clients: 3, opsPerClient: 5, keys: 2 },
          parallel: 8,
          // a chunk may take the rest of the budget, but its restarts come at fractions of its share
          durationMs: long ? Math.min(left, (budgetMs * target) / o.histories) : left,
          maxHistories: target,
          firstIndex: figures.histories,
          restarts: [
            { at: 0.35, how: 'term' },
            { at: 0.7, how: 'kill' },
          ],
          timeoutMs: 10_000,
          progress: o.progress,
        });
      }
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
