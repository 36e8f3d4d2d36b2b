/** kube-controller-manager's burstReplicas: at most this many creates or deletes per ReplicaSet sync. */
export const BURST_REPLICAS = 500;

/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * slowStartBatch's batch sizes for `count` calls: 1, 2, 4, … (the last one what remains).
 * @example slowStartBatches(10) // [1, 2, 4, 3]
 */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}
