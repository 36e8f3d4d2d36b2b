/**
 * When the HPA syncs due together in one namespace read its HPAs (or their targets of one kind) with
 * one list instead of a GET each. A GET is a store RPC with its own request overhead (authorization,
 * routing, a round trip between Durable Objects); a list row costs a parse. At 60× the 100 HPAs of
 * the clock bench are due in batches of dozens, and their 200 GETs a batch were most of the HPA
 * loop's store calls. A list pays when it serves at least a quarter of its rows (LIST_ROWS_PER_GET)
 * and a few syncs (a lone due HPA, as at real time, still GETs its own).
 */
export const SHARED_READ_MIN_DUE = 4;

/** Rows of a list that cost about one GET. */
export const LIST_ROWS_PER_GET = 4;

/**
 * Whether one list should serve `due` syncs, given the size of that list last time (undefined: never
 * listed; a first list is taken when enough are due, and its size remembered).
 * @example listServes(40, 100) === true; listServes(10, 1000) === false
 */
export function listServes(due: number, lastListSize: number | undefined): boolean {
  return due >= SHARED_READ_MIN_DUE && (lastListSize === undefined || due * LIST_ROWS_PER_GET >= lastListSize);
}
