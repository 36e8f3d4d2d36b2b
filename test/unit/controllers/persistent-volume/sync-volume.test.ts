// Rows from upstream's binder_test.go (syncVolume "4-x") and recycle/delete tests, run through syncVolume.
import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { syncVolume } from '../../../../shared/controllers/persistent-volume';
import { NOW, applyActions, expected, newClaim, newVolume } from './fixtures';

const BOUND_BY = 'pv.kubernetes.io/bound-by-controller';
const COMPLETED = 'pv.kubernetes.io/bind-completed';
const PROVISIONED = 'pv.kubernetes.io/provisioned-by';

const rows: [string, PersistentVolume, PersistentVolumeClaim | undefined, PersistentVolume[], string[]][] = [
  ['4-1 - volume is Pending: Available', newVolume('volume4-1', '10Gi', '', '', 'Pending'), undefined, [newVolume('volume4-1', '10Gi', '', '', 'Available')], []],
  ['4-2 - volume is Available: noop', newVolume('volume4-2', '10Gi', '', '', 'Available'), undefined, [newVolume('volume4-2', '10Gi', '', '', 'Available')], []],
  ['4-3 - pre-bound by name (no uid): Available', newVolume('volume4-3', '10Gi', '', 'claim4-3', 'Pending'), undefined, [newVolume('volume4-3', '10Gi', '', 'claim4-3', 'Available')], []],
  ['4-4 - bound to a missing claim, Retain: Released and kept', newVolume('volume4-4', '10Gi', 'uid4-4', 'claim4-4', 'Bound'), undefined, [newVolume('volume4-4', '10Gi', 'uid4-4', 'claim4-4', 'Released')], []],
  [
    '4-5 - bound to a claim re-created with another uid: Released',
    newVolume('volume4-5', '10Gi', 'uid4-5', 'claim4-5', 'Bound'),
    newClaim('claim4-5', 'uid4-5-new', '10Gi', '', 'Pending', undefined),
    [newVolume('volume4-5', '10Gi', 'uid4-5', 'claim4-5', 'Released')],
    [],
  ],
  [
    '4-6 - claim not yet bound to it: noop (the claim sync finishes)',
    newVolume('volume4-6', '10Gi', 'uid4-6', 'claim4-6', 'Available', 'Retain', '', BOUND_BY),
    newClaim('claim4-6', 'uid4-6', '10Gi', '', 'Pending', undefined),
    [newVolume('volume4-6', '10Gi', 'uid4-6', 'claim4-6', 'Available', 'Retain', '', BOUND_BY)],
    [],
  ],
  [
    '4-7 - bound both ways: Bound',
    newVolume('volume4-7', '10Gi', 'uid4-7', 'claim4-7', 'Available'),
    newClaim('claim4-7', 'uid4-7', '10Gi', 'volume4-7', 'Bound', undefined, COMPLETED),
    [newVolume('volume4-7', '10Gi', 'uid4-7', 'claim4-7', 'Bound')],
    [],
  ],
  [
    '4-8 - bound by the controller to a claim bound elsewhere: unbound, Available',
    newVolume('volume4-8', '10Gi', 'uid4-8', 'claim4-8', 'Bound', 'Retain', '', BOUND_BY),
    newClaim('claim4-8', 'uid4-8', '10Gi', 'volume4-8-other', 'Bound', undefined, COMPLETED),
    [newVolume('volume4-8', '10Gi', '', '', 'Available')],
    [],
  ],
  [
    '4-8b - bound by the user to a claim bound elsewhere: left alone',
    newVolume('volume4-8b', '10Gi', 'uid4-8b', 'claim4-8b', 'Bound'),
    newClaim('claim4-8b', 'uid4-8b', '10Gi', 'volume4-8-other', 'Bound', undefined, COMPLETED),
    [newVolume('volume4-8b', '10Gi', 'uid4-8b', 'claim4-8b', 'Bound')],
    [],
  ],
  ['8-1 - provisioned, Delete, claim gone: deleted', newVolume('volume8-1', '1Gi', 'uid8-1', 'claim8-1', 'Bound', 'Delete', '', PROVISIONED), undefined, [], []],
  [
    '8-2 - static, Delete, claim gone: no deleter plugin, Failed',
    newVolume('volume8-2', '1Gi', 'uid8-2', 'claim8-2', 'Bound', 'Delete'),
    undefined,
    [{ ...newVolume('volume8-2', '1Gi', 'uid8-2', 'claim8-2', 'Failed', 'Delete'), status: { phase: 'Failed', message: 'error getting deleter volume plugin for volume "volume8-2": no deletable volume plugin matched' } }],
    ['Warning VolumeFailedDelete'],
  ],
  ['6-1 - Recycle, claim gone: scrubbed back to Available', newVolume('volume6-1', '1Gi', 'uid6-1', 'claim6-1', 'Bound', 'Recycle'), undefined, [newVolume('volume6-1', '1Gi', '', '', 'Available', 'Recycle')], ['Normal VolumeRecycled']],
];

describe('syncVolume (binder_test.go, recycle_test.go, delete_test.go rows)', () => {
  it.each(rows)('%s', (_, volume, claim, want, events) => {
    const got = applyActions([volume], claim ? [claim] : [], syncVolume({ volume, claim, now: NOW }).actions);
    expect(got.volumes).toEqual(expected(want, []).volumes);
    expect(got.events).toEqual(events);
  });

  it('a Released Retain volume is not written again', () => {
    const volume = newVolume('v', '1Gi', 'uid', 'gone', 'Released');
    expect(syncVolume({ volume, now: NOW }).actions).toEqual([]);
  });
});
