/** include/uapi/linux/oom.h: a process with this oom_score_adj is never chosen. */
export const OOM_SCORE_ADJ_MIN = -1000;
/** The kernel counts memory in pages. */
export const PAGE_BYTES = 4096;

/** One process the kernel's OOM killer can choose: its resident memory and oom_score_adj. */
export interface OomProcess {
  /** Who it is to the simulator (`namespace/pod/container`). */
  key: string;
  rssBytes: number;
  oomScoreAdj: number;
}

/**
 * oom_badness (mm/oom_kill.c): resident pages plus oom_score_adj scaled to the machine
 * (`adj * (totalpages / 1000)`, integer division as in C); undefined for an unkillable process.
 * @example oomBadness(512 * 2 ** 20, 1000, 4 * 2 ** 30 / 4096) // 131072 + 1000 * 1048
 */
export function oomBadness(rssBytes: number, oomScoreAdj: number, totalPages: number): number | undefined {
  if (oomScoreAdj === OOM_SCORE_ADJ_MIN) return undefined;
  const points = Math.floor(rssBytes / PAGE_BYTES);
  return points + oomScoreAdj * Math.floor(totalPages / 1000);
}

/**
 * /proc/<pid>/oom_score as the kernel shows it since 5.9: 1000 + badness·1000/totalpages, in [0, 2000]
 * (0 for an unkillable process).
 */
export function oomScore(rssBytes: number, oomScoreAdj: number, totalPages: number): number {
  const b = oomBadness(rssBytes, oomScoreAdj, totalPages);
  if (b === undefined) return 0;
  return Math.max(0, Math.min(2000, 1000 + Math.trunc((b * 1000) / totalPages)));
}

/**
 * select_bad_process: the process with the highest badness on a machine of `memoryBytes`
 * (oom_evaluate_task takes a later task on a tie, so the last of equals wins). Undefined when every
 * process is unkillable.
 */
export function selectOomVictim(processes: readonly OomProcess[], memoryBytes: number): OomProcess | undefined {
  const totalPages = Math.floor(memoryBytes / PAGE_BYTES);
  let chosen: OomProcess | undefined;
  let chosenPoints = -Infinity;
  for (const p of processes) {
    const points = oomBadness(p.rssBytes, p.oomScoreAdj, totalPages);
    if (points === undefined || points < chosenPoints) continue;
    chosen = p;
    chosenPoints = points;
  }
  return chosen;
}
