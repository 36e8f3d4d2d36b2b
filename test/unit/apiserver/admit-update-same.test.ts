import { describe, expect, it } from 'vitest';
import golden from './admit-update-golden.json';
import { CHAINS, runChains, type Outcome } from './admit-update-cases';

// The update path (admitReplace, admitScale, admitPatch) made cheaper must give what it gave before,
// byte for byte: the stored object (key order and managedFields included), the warnings, and for a
// refused write the code, reason, message and causes. admit-update-golden.json was written by the
// path as it was before (commit f9319de) from the same chains.
const results = runChains();

describe.each(CHAINS.map((c) => c.name))('%s', (name) => {
  const expected = (golden as Record<string, Outcome[]>)[name]!;
  it.each(expected.map((e, i) => [e.label, i] as const))('%s', (_, i) => {
    expect(results[name]![i]).toEqual(expected[i]);
  });
});
