import { describe, expect, it } from 'vitest';
import golden from './admit-update-golden.json';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { CHAINS, runChains, type Outcome } from './admit-update-cases';
import { sharedWith } from './shared-objects';

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

// the update path takes the decoded body's parts instead of copying them again: the request body must
// stay as it was and nothing in the result may be one of its objects (a later change to either would
// reach the other); of the stored object the result shares only what it always did, the metadata's
// labels, annotations, finalizers and ownerReferences (managedFields are rebuilt)
describe('what an update shares', () => {
  const puts: [string, KubeObject, string, StoredObject, string, KubeObject][] = [];
  runChains(CHAINS, (label, body, old, admitted) => puts.push([label, body, JSON.stringify(body), old, JSON.stringify(old), admitted]));

  it.each(puts)('%s', (_, body, bodyText, old, oldText, admitted) => {
    expect(JSON.stringify(body)).toBe(bodyText);
    expect(JSON.stringify(old)).toBe(oldText);
    expect(sharedWith(body, admitted)).toEqual([]);
    const metadata = old.metadata as unknown as Record<string, unknown>;
    const expected = ['labels', 'annotations', 'finalizers', 'ownerReferences'].map((k) => metadata[k]).filter((v) => v !== undefined);
    expect(sharedWith(old, admitted).filter((v) => !sharedWith(expected, v).length)).toEqual([]);
  });
});
