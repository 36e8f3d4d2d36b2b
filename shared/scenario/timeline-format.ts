import type { TimelineEntry } from './observe';
import { actionOf, type Step } from './scenario-types';
import { goDuration } from '../nodes/time-format';

/** A cluster-time offset from t = 0 as `+mm:ss` (or `+h:mm:ss`); `-` before t = 0. */
export function clockLabel(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${sign}${h}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}

/** Width the subject column is padded to. */
const SUBJECT = 24;

/** One timeline entry: time, subject, what happened, and on a second line why (a message, a reason). */
export function formatEntry(e: TimelineEntry, t0: number): string {
  const head = `${clockLabel(e.at - t0).padStart(9)}  ${e.subject.padEnd(SUBJECT)} ${e.what}`;
  return e.why ? `${head}\n${' '.repeat(11 + SUBJECT)} └ ${e.why}` : head;
}

/** A step as the timeline shows it when the runner carries it out. */
export function describeStep(step: Step, detail = ''): TimelineEntry {
  const d = detail ? ` (${detail})` : '';
  switch (actionOf(step)) {
    case 'load': {
      const s = step as Extract<Step, { load: unknown }>;
      return { at: 0, subject: `profile/${s.load.profile}`, what: `▶ load ${s.load.requestsPerSecond} requests/s${d}` };
    }
    case 'failZone': {
      const s = step as Extract<Step, { failZone: unknown }>;
      return { at: 0, subject: `zone/${s.failZone.zone}`, what: `▶ zone fails: kubelets stop posting${d}` };
    }
    case 'restoreZone': {
      const s = step as Extract<Step, { restoreZone: unknown }>;
      return { at: 0, subject: `zone/${s.restoreZone.zone}`, what: `▶ zone restored: kubelets post again${d}` };
    }
    case 'advance':
      return { at: 0, subject: 'clock', what: `▶ advance ${goDuration((step as Extract<Step, { advance: unknown }>).advance)}${d}` };
    case 'speed':
      return { at: 0, subject: 'clock', what: `▶ speed ${(step as Extract<Step, { speed: unknown }>).speed}×${d}` };
    case 'apply': {
      const s = step as Extract<Step, { apply: unknown }>;
      return { at: 0, subject: 'objects', what: `▶ apply ${s.apply.map((m) => `${m.kind.toLowerCase()}/${m.metadata.name}`).join(', ')}${d}` };
    }
  }
}

/** The progress line (stderr, rewritten in place on a terminal). */
export function progressLine(clusterElapsedMs: number, durationMs: number, wallMs: number): string {
  const pct = Math.min(100, Math.floor((100 * clusterElapsedMs) / durationMs));
  const pace = wallMs > 0 ? clusterElapsedMs / wallMs : 0;
  return `${clockLabel(clusterElapsedMs)} of ${clockLabel(durationMs).slice(1)} cluster time (${pct}%), ${(wallMs / 1000).toFixed(0)} s wall, ${pace.toFixed(0)}× real time`;
}

/**
 * Folds entries that say the same thing at the same time about objects of one kind (three pods
 * marked NotReady, two nodes going Unknown) into one line naming them all.
 */
export function groupEntries(entries: TimelineEntry[]): TimelineEntry[] {
  const out: (TimelineEntry & { names?: string[] })[] = [];
  for (const e of entries) {
    const slash = e.subject.indexOf('/');
    const kind = e.subject.slice(0, slash);
    const name = e.subject.slice(slash + 1);
    const same = out.find((o) => o.at === e.at && o.what === e.what && o.why === e.why && o.names && o.subject.startsWith(`${kind}s `));
    if (same) {
      same.names!.push(name);
      same.subject = `${kind}s ×${same.names!.length}`;
      continue;
    }
    const twin = out.find((o) => !o.names && o.at === e.at && o.what === e.what && o.why === e.why && o.subject.startsWith(`${kind}/`) && slash > 0);
    if (twin) {
      Object.assign(twin, { names: [twin.subject.slice(slash + 1), name], subject: `${kind}s ×2` });
      continue;
    }
    out.push({ ...e });
  }
  return out.map(({ names, ...e }) => (names ? { ...e, what: `${e.what}: ${names.join(', ')}` } : e));
}
