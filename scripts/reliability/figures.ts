// What a reliability run counts and what it found.

/** One thing that must never happen, with enough detail to reproduce it. */
export interface Violation {
  phase: 'histories' | 'watch' | 'faults' | 'fuzz';
  kind: string;
  detail: string;
}

export class Figures {
  histories = 0;
  operations = 0;
  /** Operations whose outcome the client never learnt (in flight at a restart, timed out). */
  unknownOutcomes = 0;
  /** Corrupted copies of real histories the checker had to reject (it did, or a violation says so). */
  controls = 0;
  watchEvents = 0;
  watchReconnects = 0;
  watchRelists = 0;
  faults: Record<string, number> = {};
  inputsFuzzed = 0;
  /** Fuzz inputs of a known, not yet fixed defect class that were skipped (quick mode only). */
  fuzzSkipped: Record<string, number> = {};
  statusCounts: Record<string, number> = {};
  /** Fuzz answers by input class and status, to see what the inputs reached. */
  fuzzAnswers: Record<string, number> = {};
  violations: Violation[] = [];

  fault(name: string, n = 1): void {
    this.faults[name] = (this.faults[name] ?? 0) + n;
  }

  violation(v: Violation): void {
    this.violations.push(v);
  }

  faultsInjected(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0);
  }

  /** The summary printed at the end of a run. */
  summary(seconds: number, seed: number): string {
    const lines = [
      `reliability: seed ${seed}, ${seconds.toFixed(1)} s`,
      `  histories checked   ${this.histories} (${this.controls} corrupted copies rejected as they must be)`,
      `  operations          ${this.operations} (${this.unknownOutcomes} with outcome lost to a fault)`,
      `  watch events        ${this.watchEvents} (${this.watchReconnects} reconnects, ${this.watchRelists} relists)`,
      `  faults injected     ${this.faultsInjected()}${this.faultsInjected() ? ` (${Object.entries(this.faults).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
      `  inputs fuzzed       ${this.inputsFuzzed}${Object.keys(this.fuzzSkipped).length ? ` (skipped as known defects: ${Object.entries(this.fuzzSkipped).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
      `  violations          ${this.violations.length}`,
    ];
    const byKind = new Map<string, Violation[]>();
    for (const v of this.violations) byKind.set(`${v.phase}: ${v.kind}`, [...(byKind.get(`${v.phase}: ${v.kind}`) ?? []), v]);
    for (const [kind, vs] of byKind) {
      lines.push(`    ${kind} ×${vs.length}`);
      for (const v of vs.slice(0, 3)) lines.push(`      ${v.detail.length > 600 ? `${v.detail.slice(0, 600)}…` : v.detail}`);
    }
    return lines.join('\n');
  }
}
