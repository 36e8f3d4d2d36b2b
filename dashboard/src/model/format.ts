/** Display units: the same prefixes kubectl prints, rounded for reading rather than exact. */
export function cpu(milli: number): string {
  if (milli < 1000) return `${Math.round(milli)}m`;
  return `${trim(milli / 1000)}`;
}

const UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

export function memory(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)}`;
  let v = bytes;
  let unit = '';
  for (const u of UNITS) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return `${trim(v)}${unit}`;
}

/** At most one decimal, none when whole. */
function trim(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export function percent(f: number): string {
  return `${Math.round(f * 100)}%`;
}
