// Rows from upstream's k8s.io/apiserver/pkg/util/shufflesharding/shufflesharding_test.go.
import { describe, expect, it } from 'vitest';
import { MAX_HASH_BITS, newDealer, requiredEntropyBits } from '../../../shared/flowcontrol';
import { seededRandom } from '../../../shared/api/seeded-random';

describe('shuffle sharding (upstream TestRequiredEntropyBits, TestNewDealer)', () => {
  it.each([
    [1024, 6, 60],
    [512, 8, 72],
  ])('deckSize %i handSize %i needs %i bits', (deck, hand, bits) => expect(requiredEntropyBits(deck, hand)).toBe(bits));

  it.each([
    [-100, 8, 'deckSize -100 or handSize 8 is not positive'],
    [100, 0, 'deckSize 100 or handSize 0 is not positive'],
    [100, 101, 'handSize 101 is greater than deckSize 100'],
    [1 << 27, 2, 'deckSize 134217728 is impractically large'],
    [512, 8, 'required entropy bits of deckSize 512 and handSize 8 is greater than 60'],
  ])('NewDealer(%i, %i) fails: %s', (deck, hand, msg) => expect(() => newDealer(deck, hand)).toThrow(msg));

  it('NewDealer(1024, 6) works', () => expect(newDealer(1024, 6).handSize).toBe(6));
});

describe('TestCardDuplication: hands hold handSize distinct cards in range', () => {
  const rand = seededRandom(7);
  for (const [deck, hand] of [[4, 4], [8, 8], [10, 10], [12, 12], [128, 8], [256, 7], [512, 6]] as const) {
    it(`deckSize ${deck} handSize ${hand}`, () => {
      for (let k = 0; k < 50; k++) {
        const hash = (BigInt(Math.floor(rand() * 2 ** 32)) << 32n) | BigInt(Math.floor(rand() * 2 ** 32));
        const cards = newDealer(deck, hand).deal(hash);
        expect(cards).toHaveLength(hand);
        expect(new Set(cards).size).toBe(hand);
        expect(cards.every((c) => c >= 0 && c < deck)).toBe(true);
      }
    });
  }
});

describe('deal', () => {
  it('reads the hash as mixed-radix digits (hash 0 deals the first cards; the full 64 bits are used)', () => {
    expect(newDealer(128, 6).deal(0n)).toEqual([0, 1, 2, 3, 4, 5]);
    // 1 + 128 × 1: first digit 1, second digit 1 among the 127 cards left (0, 2, 3 …) → card 2
    expect(newDealer(128, 3).deal(129)).toEqual([1, 2, 0]);
    expect(newDealer(128, 3).deal(129n)).toEqual([1, 2, 0]);
    // bigint and number paths agree below 2^53, and a hash above it uses the high digits
    const big = 0xfedcba9876543210n;
    const h = newDealer(64, 6).deal(big);
    let v = big;
    const digits: number[] = [];
    for (let i = 0; i < 6; i++) {
      digits.push(Number(v % BigInt(64 - i)));
      v /= BigInt(64 - i);
    }
    expect(h[0]).toBe(digits[0]);
    expect(new Set(h).size).toBe(6);
  });
});

// upstream's rows ({64, 3} over 2^22 hashes, {128, 3}, {50, 4}) take seconds here; smaller decks dealt
// exhaustively (hashMax = deckSize!/(deckSize−handSize)!) check the same property: every hand equally often
describe('TestUniformDistribution: every hand dealt equally often', () => {
  const ff = (n: number, m: number) => {
    let a = 1;
    for (let f = n; f > n - m; f--) a *= f;
    return a;
  };
  for (const [deck, hand] of [[64, 2], [20, 3], [12, 4]] as const) {
    it(`deckSize ${deck} handSize ${hand}, hashMax ${ff(deck, hand)}`, () => {
      const dealer = newDealer(deck, hand);
      const counts = new Map<number, number>();
      const max = ff(deck, hand);
      for (let i = 0; i < max; i++) {
        const h = dealer.deal(i).sort((a, b) => a - b);
        let coord = 0;
        for (const c of h) coord = coord * 128 + c;
        counts.set(coord, (counts.get(coord) ?? 0) + 1);
      }
      const perms = ff(hand, hand);
      expect(counts.size).toBe(max / perms);
      expect([...counts.values()].every((n) => n === perms)).toBe(true);
    });
  }
  it('MaxHashBits is 60', () => expect(MAX_HASH_BITS).toBe(60));
});
