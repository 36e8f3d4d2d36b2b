/**
 * CFS fairness on a node: when the runnable cgroups want more CPU than the node has, each gets
 * CPU in proportion to its cpu.shares, and what a cgroup does not want is shared out again among
 * the rest (water-filling). `demands[i]` and the result are in the same unit (µs per period);
 * when the total fits, everyone gets its demand.
 * @example cpuFairShare(400_000, [800_000, 800_000], [2, 1024]) // ≈ [779, 399221]: the BestEffort 2 shares cannot starve 1024
 */
export function cpuFairShare(capacity: number, demands: readonly number[], shares: readonly number[]): number[] {
  let total = 0;
  for (const d of demands) total += d;
  if (total <= capacity) return [...demands];
  const order = demands.map((_, i) => i).sort((a, b) => demands[a]! / shares[a]! - demands[b]! / shares[b]!);
  const out = new Array<number>(demands.length).fill(0);
  let left = capacity;
  let weight = 0;
  for (const i of order) weight += shares[i]!;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const fair = (left * shares[i]!) / weight;
    if (demands[i]! <= fair) {
      out[i] = demands[i]!;
      left -= demands[i]!;
      weight -= shares[i]!;
      continue;
    }
    // everyone from here on wants more than its fair share: split what is left by shares
    for (const j of order.slice(k)) out[j] = Math.floor((left * shares[j]!) / weight);
    break;
  }
  return out;
}
