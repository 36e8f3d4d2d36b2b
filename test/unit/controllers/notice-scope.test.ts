import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/apiserver/change-notice';
import { AnchorsHeard, anchorHeld, type NoticeScope } from '../../../shared/controllers/notice-scope';

const notice = (n: Partial<ChangeNotice>): ChangeNotice => ({ resource: 'pods', type: 'MODIFIED', namespace: 'ns', name: 'p', uid: 'uid-p', resourceVersion: '1', ...n });

/** A store holding objects of these resources only. */
const holding = (...resources: string[]): NoticeScope => ({ holds: (r) => resources.includes(r) });

describe('anchorHeld: a member notice travels only while its namespace holds an anchor', () => {
  const PDB = 'poddisruptionbudgets.policy';
  it.each([
    // [why, notice, scope, anchor, members, kept]
    ['a pod status write, no budget in the namespace', notice({}), holding('pods'), PDB, ['pods'], false],
    ['a pod created, no budget', notice({ type: 'ADDED' }), holding('pods'), PDB, ['pods'], false],
    ['a pod deleted, no budget', notice({ type: 'DELETED' }), holding(), PDB, ['pods'], false],
    ['a pod write, a budget in the namespace', notice({}), holding('pods', PDB), PDB, ['pods'], true],
    ['the budget itself, created', notice({ resource: PDB, type: 'ADDED' }), holding(PDB), PDB, ['pods'], true],
    ['the last budget deleted (its status owner must hear it)', notice({ resource: PDB, type: 'DELETED' }), holding('pods'), PDB, ['pods'], true],
    ['a pod write routed by a store that cannot tell', notice({}), undefined, PDB, ['pods'], true],
    ['a cluster-scoped notice', notice({ resource: 'nodes', namespace: undefined }), holding(), PDB, ['pods'], true],
    ['a kind that is not a member', notice({ resource: 'endpoints', type: 'DELETED' }), holding(), 'services', ['pods'], true],
    ['a Secret deleted, no quota', notice({ resource: 'secrets', type: 'DELETED' }), holding('secrets'), 'resourcequotas', ['pods', 'secrets'], false],
    ['a Secret deleted, a quota there', notice({ resource: 'secrets', type: 'DELETED' }), holding('resourcequotas'), 'resourcequotas', ['pods', 'secrets'], true],
  ] as const)('%s', (_why, n, scope, anchor, members, kept) => {
    expect(anchorHeld(n, scope, anchor, members)).toBe(kept);
  });

  it('asks the store about the anchor only, and only for a member notice', () => {
    const asked: string[] = [];
    const scope: NoticeScope = { holds: (r) => (asked.push(r), false) };
    anchorHeld(notice({ resource: 'services' }), scope, 'services', ['pods']);
    anchorHeld(notice({}), scope, 'services', ['pods']);
    expect(asked).toEqual(['services']);
  });
});

describe('AnchorsHeard: the first anchor of a namespace after a spell without one', () => {
  const RS = 'replicasets.apps';
  it('answers true for an anchor appearing where none was known, and for nothing else', () => {
    const heard = new AnchorsHeard(RS);
    const hear = (n: Partial<ChangeNotice>) => heard.hear(notice({ resource: RS, ...n }));
    expect(hear({ type: 'ADDED', name: 'a' })).toBe(true); // a host just started knows none
    expect(hear({ type: 'MODIFIED', name: 'a' })).toBe(false);
    expect(hear({ type: 'ADDED', name: 'b' })).toBe(false); // the namespace held one all along
    expect(hear({ type: 'ADDED', name: 'a', namespace: 'other' })).toBe(true); // namespaces apart
    expect(hear({ type: 'DELETED', name: 'a' })).toBe(false);
    expect(hear({ type: 'DELETED', name: 'b' })).toBe(false); // the last one gone: member notices may be dropped now
    expect(hear({ type: 'MODIFIED', name: 'c' })).toBe(true); // the next one, however heard, follows that spell
    expect(heard.hear(notice({ type: 'ADDED', name: 'pod' }))).toBe(false); // members are not anchors
    expect(hear({ type: 'DELETED', name: 'never-heard', namespace: 'third' })).toBe(false);
    expect(hear({ type: 'ADDED', name: 'x', namespace: 'third' })).toBe(true);
  });
});
