import type { ClusterClockObject } from '../shared/clock/clock-object';
import { realClock } from '../shared/clock/clock';
import { afterAnswer, PACE, sampleIntervalMs, shouldAsk, worstOf, type LoopSampling, type PaceSample } from '../shared/clock/pace';
import { ClockPace, needsPacing } from '../shared/clock/pace-keeper';
import { clock } from '../platform/clock';
import type { Env } from '../platform/env';
import { log } from '../platform/log';
import { controllerStub } from '../platform/stores';
import { controllerHostNames } from './controllers/host-names';

/** How the cluster store lets the pacer read and write the ClusterClock. */
export interface PacerStore {
  clockObject(): ClusterClockObject | null;
  writeClock(obj: ClusterClockObject): Promise<void>;
  waitUntil(p: Promise<unknown>): void;
}

/**
 * The cluster store's pace keeping (shared/clock/pace.ts): while the clock keeps pace and runs fast,
 * a loop asks every controller host (kubelet shards included) how late it runs, often enough that
 * no more than 10 s of cluster time pass between two looks, and writes the speed the samples call
 * for. The loop lives in memory; the store's alarm restarts it after an eviction. The evidence is
 * the hosts' own due times, so a slow-down cannot reset it, and a host that does not answer (a
 * saturated runtime) counts as late: the clock speeds up only on answers that show the loops on time.
 */
export class ClockPacer {
  private readonly pace = new ClockPace();
  private running = false;
  /** Per host: when it was last asked and how many answers in a row showed it on time (quiet hosts are asked less). */
  private readonly loops = new Map<string, LoopSampling>();
  /** The last sample, for tests and logs. */
  last?: PaceSample;

  constructor(
    private readonly env: Env,
    private readonly store: PacerStore,
  ) {}

  /** Starts the sampling loop if the clock needs watching and it is not running. */
  start(): void {
    if (this.running || !needsPacing(this.store.clockObject())) return;
    this.running = true;
    this.store.waitUntil(
      this.loop()
        .catch((e: unknown) => log.warn('cluster clock pacing stopped', { error: String(e) }))
        .finally(() => (this.running = false)),
    );
  }

  /** A loop reported itself late (ControllerHost.reportLateness): act on it before the next sample. */
  async reported(host: string, lateMs: number): Promise<void> {
    await this.apply(this.pace.slowed(this.store.clockObject(), host, lateMs, clock.wallNow()));
    this.start();
  }

  private async loop(): Promise<void> {
    while (needsPacing(this.store.clockObject())) {
      const sample = await this.sample();
      this.last = sample;
      await this.apply(this.pace.sampled(this.store.clockObject(), sample, clock.wallNow()));
      await realClock.sleep(sampleIntervalMs(clock.current.speed));
    }
  }

  private async apply(next: ClusterClockObject | undefined): Promise<void> {
    if (!next) return;
    log.info('cluster clock pace changed', { speed: next.status?.speed, message: next.status?.message });
    await this.store.writeClock(next);
  }

  /**
   * The lateness of every host due a look (shouldAsk: quiet ones once a wall second), undefined for one
   * that did not answer within PACE.answerWallMs.
   */
  private async sample(): Promise<PaceSample> {
    const done = new AbortController();
    const timeout = realClock.sleep(PACE.answerWallMs, done.signal).then(() => undefined);
    const wall = clock.wallNow();
    const hosts = controllerHostNames().filter((host) => shouldAsk(this.loops.get(host), wall));
    const answers = await Promise.all(
      hosts.map(async (host) => {
        const answer = controllerStub(this.env, host)
          .lateness()
          .catch(() => undefined);
        const lateMs = await Promise.race([answer, timeout]);
        this.loops.set(host, afterAnswer(this.loops.get(host), lateMs, wall));
        return { host, lateMs };
      }),
    );
    done.abort();
    return worstOf(answers);
  }
}
