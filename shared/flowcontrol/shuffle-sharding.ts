// Port of k8s.io/apiserver/pkg/util/shufflesharding: deal a hand of distinct queue indices from a
// 64-bit hash, so that each flow lands in a few queues and two flows rarely share all of them.

/** At most this many bits of the hash are used, so the last card is dealt evenly (32:33 at worst). */
export const MAX_HASH_BITS = 60;

/** A slightly conservative count of the hash bits a deal consumes: ceil(log2(deckSize) × handSize). */
export function requiredEntropyBits(deckSize: number, handSize: number): number {
  return Math.ceil(Math.log2(deckSize) * handSize);
}

/** Deals hands of `handSize` distinct cards from `[0, deckSize)`. */
export interface Dealer {
  readonly deckSize: number;
  readonly handSize: number;
  /** The hand for a hash (a uint64 as a bigint, or a safe integer), in dealing order. */
  deal(hash: bigint | number): number[];
}

/**
 * NewDealer, with upstream's error messages.
 * @example newDealer(128, 6).deal(0n) // [0, 1, 2, 3, 4, 5]
 */
export function newDealer(deckSize: number, handSize: number): Dealer {
  if (deckSize <= 0 || handSize <= 0) throw new Error(`deckSize ${deckSize} or handSize ${handSize} is not positive`);
  if (handSize > deckSize) throw new Error(`handSize ${handSize} is greater than deckSize ${deckSize}`);
  if (deckSize > 1 << 26) throw new Error(`deckSize ${deckSize} is impractically large`);
  if (requiredEntropyBits(deckSize, handSize) > MAX_HASH_BITS) {
    throw new Error(`required entropy bits of deckSize ${deckSize} and handSize ${handSize} is greater than ${MAX_HASH_BITS}`);
  }
  return { deckSize, handSize, deal: (hash) => deal(hash, deckSize, handSize) };
}

/**
 * Mixed-radix digits of the hash (radix deckSize, deckSize−1, …) pick among the cards not yet
 * dealt. Divisions run on bigint while the value exceeds 2^53, then on plain numbers.
 */
function deal(hash: bigint | number, deckSize: number, handSize: number): number[] {
  const remainders: number[] = new Array(handSize);
  let big = typeof hash === 'bigint' ? BigInt.asUintN(64, hash) : undefined;
  let small = typeof hash === 'number' ? hash : 0;
  for (let i = 0; i < handSize; i++) {
    const radix = deckSize - i;
    if (big !== undefined && big > BigInt(Number.MAX_SAFE_INTEGER)) {
      const r = BigInt(radix);
      remainders[i] = Number(big % r);
      big /= r;
    } else {
      if (big !== undefined) {
        small = Number(big);
        big = undefined;
      }
      const next = Math.floor(small / radix);
      remainders[i] = small - radix * next;
      small = next;
    }
  }
  const hand: number[] = new Array(handSize);
  for (let i = 0; i < handSize; i++) {
    let card = remainders[i]!;
    for (let j = i; j > 0; j--) if (card >= remainders[j - 1]!) card++;
    hand[i] = card;
  }
  return hand;
}
