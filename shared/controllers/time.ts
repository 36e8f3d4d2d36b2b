/** RFC 3339 with second precision, as metav1.Time serializes (`2024-05-01T10:00:00Z`). */
export function formatTime(nowMs: number): string {
  return new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch of an RFC 3339 timestamp; undefined when absent or unparsable (Go's zero time). */
export function parseTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
