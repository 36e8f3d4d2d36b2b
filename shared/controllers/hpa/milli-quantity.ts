const SUFFIXES: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/**
 * resource.NewMilliQuantity(v, DecimalSI).String(): the canonical decimal form of a milli-value.
 * @example formatMilliQuantity(1500) === '1500m'; formatMilliQuantity(20000) === '20'; formatMilliQuantity(2e7) === '20k'
 */
export function formatMilliQuantity(milli: number): string {
  let v = Math.trunc(milli);
  if (v === 0) return '0';
  const sign = v < 0 ? '-' : '';
  v = Math.abs(v);
  let exp = -3;
  while (v % 1000 === 0 && exp < 18) {
    v /= 1000;
    exp += 3;
  }
  return `${sign}${v}${SUFFIXES[exp]}`;
}
