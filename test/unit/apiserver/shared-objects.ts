/** The objects and arrays reachable from `result` that are also reachable from `input` (shared, not copied). */
export function sharedWith(input: unknown, result: unknown): unknown[] {
  const inputs = new Set<unknown>();
  const collect = (v: unknown) => {
    if (typeof v !== 'object' || v === null || inputs.has(v)) return;
    inputs.add(v);
    Object.values(v).forEach(collect);
  };
  collect(input);
  const shared: unknown[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    if (inputs.has(v)) shared.push(v);
    Object.values(v).forEach(walk);
  };
  walk(result);
  return shared;
}
