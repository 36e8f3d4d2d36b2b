import type { Event } from 'kubernetes-types/core/v1';
import { CORRELATION, newCorrelatorState, updateCorrelatorState, type CorrelatorBacking, type CorrelatorState, type EventPatch } from './event-correlator';
import { planEventWrites, type RecordedEvent } from './event-writes';

/** Where a recorder writes Events: the API, through a client or a store's batch calls. */
export interface EventSink {
  /** Creates Events of one namespace; per event the Event stored, or undefined when refused. */
  create(namespace: string, events: Event[], fieldManager: string): Promise<(Event | undefined)[]>;
  /** Merge-patches an Event: the Event stored, 'NotFound' when it is gone, undefined when refused. */
  patch(namespace: string, name: string, patch: EventPatch, fieldManager: string): Promise<Event | 'NotFound' | undefined>;
}

/**
 * upstream's recordToSink over one correlator: events are correlated in order, new ones created (one
 * `create` per namespace of a batch), repeats patched; a patch whose Event is gone (expired, deleted)
 * creates it anew; what the server stored updates the correlator. Writes are best effort: a refused one
 * is dropped, as the recorder drops it. One recorder per controller host or kubelet shard.
 */
export class EventRecorder {
  private correlator?: CorrelatorState;
  /** The write in flight per Event, so a repeat's patch goes out after the create or patch before it. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumps the names of events built in the same millisecond (see uniqueEventName). */
  private seq = 0;

  constructor(
    private readonly sink: EventSink,
    /** Where the caches are kept beyond memory (read at the first event); in memory only without one. */
    private readonly backing?: () => CorrelatorBacking,
    private readonly entries: number = CORRELATION.lruEntries,
  ) {}

  private get state(): CorrelatorState {
    return (this.correlator ??= newCorrelatorState(this.entries, this.backing?.()));
  }

  /** Records `events` (in order); resolves when their writes are done. */
  async record(events: readonly RecordedEvent[], fieldManager: string): Promise<void> {
    if (!events.length) return;
    const creates = new Map<string, Event[]>();
    const writes: Promise<unknown>[] = [];
    const named = events.map((e) => ({ ...e, event: uniqueEventName(e.event, (this.seq = (this.seq + 1) % 1_000_000)) }));
    for (const w of planEventWrites(this.state, named)) {
      const ns = w.event.metadata?.namespace || 'default';
      if (w.kind === 'create') creates.set(ns, [...(creates.get(ns) ?? []), w.event]);
      else writes.push(this.track(ns, w.event.metadata?.name ?? '', (prior) => prior.then(() => this.patch(ns, w.event, w.patch, fieldManager))));
    }
    for (const [ns, list] of creates) {
      const batch = this.sink.create(ns, list, fieldManager).then(
        (stored) => stored.forEach((e) => e && updateCorrelatorState(this.state, e)),
        () => undefined,
      );
      for (const e of list) writes.push(this.track(ns, e.metadata?.name ?? '', () => batch));
    }
    await Promise.all(writes);
  }

  private async patch(ns: string, event: Event, patch: EventPatch, fieldManager: string): Promise<void> {
    const name = event.metadata?.name ?? '';
    let stored = await this.sink.patch(ns, name, patch, fieldManager).catch(() => undefined);
    if (stored === 'NotFound') {
      const { resourceVersion: _rv, ...metadata } = event.metadata ?? {};
      [stored] = await this.sink.create(ns, [{ ...event, metadata }], fieldManager).catch(() => [undefined]);
    }
    if (stored) updateCorrelatorState(this.state, stored);
  }

  /** Runs `write` after the write in flight for the same Event, and keeps it as that Event's write in flight. */
  private track(ns: string, name: string, write: (prior: Promise<unknown>) => Promise<unknown>): Promise<unknown> {
    const id = `${ns}/${name}`;
    const done = write(this.inFlight.get(id) ?? Promise.resolve()).catch(() => undefined);
    this.inFlight.set(id, done);
    void done.then(() => {
      if (this.inFlight.get(id) === done) this.inFlight.delete(id);
    });
    return done;
  }
}

/**
 * Events built in the same millisecond share a name (`<object>.<unix nanos in hex>`, makeEvent): like the
 * recorder's nanosecond clock, `seq` (one per event this recorder saw) is added to the suffix, so each new
 * one is stored and two different events of one batch never fold into one write.
 */
export function uniqueEventName(event: Event, seq: number): Event {
  const name = event.metadata?.name ?? '';
  const dot = name.lastIndexOf('.');
  const hex = name.slice(dot + 1);
  if (dot < 0 || !/^[0-9a-f]+$/.test(hex)) return event;
  return { ...event, metadata: { ...event.metadata, name: `${name.slice(0, dot)}.${(BigInt(`0x${hex}`) + BigInt(seq)).toString(16)}` } };
}
