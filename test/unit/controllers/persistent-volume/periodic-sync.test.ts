import { describe, expect, it } from 'vitest';
import { claimSettled, volumeSettled } from '../../../../shared/controllers/persistent-volume';
import { newClaim, newVolume } from './fixtures';

// Which keys the PV binder's 15 s sync still has work for: rows in upstream's framework_test.go builders' terms.
describe('PV binder periodic sync: claims', () => {
  it.each([
    ['a Pending claim waits for a volume: synced', newClaim('claim1-1', 'uid1-1', '1Gi', '', 'Pending', undefined), false],
    ['a claim without a phase yet: synced', { ...newClaim('claim1-2', 'uid1-2', '1Gi', '', 'Pending', undefined), status: {} }, false],
    ['a claim Bound to its volume: settled', newClaim('claim1-3', 'uid1-3', '1Gi', 'volume1-3', 'Bound', undefined), true],
    ['a claim Bound by phase but without a volume name: synced', newClaim('claim1-4', 'uid1-4', '1Gi', '', 'Bound', undefined), false],
    ['a Lost claim is an administrator\'s: settled', newClaim('claim1-5', 'uid1-5', '1Gi', 'volume1-5', 'Lost', undefined), true],
    ['a claim gone: settled', undefined, true],
  ])('%s', (_, claim, settled) => expect(claimSettled(claim)).toBe(settled));
});

describe('PV binder periodic sync: volumes', () => {
  it.each([
    ['an Available volume: settled (claims bind to it)', newVolume('volume2-1', '1Gi', '', '', 'Available'), true],
    ['a Bound volume: settled', newVolume('volume2-2', '1Gi', 'uid2-2', 'claim2-2', 'Bound'), true],
    ['a Failed volume: settled', newVolume('volume2-3', '1Gi', 'uid2-3', 'claim2-3', 'Failed', 'Delete'), true],
    ['a Released volume under Retain: settled', newVolume('volume2-4', '1Gi', 'uid2-4', 'claim2-4', 'Released', 'Retain'), true],
    ['a Released volume to delete: synced (the reclaim is retried)', newVolume('volume2-5', '1Gi', 'uid2-5', 'claim2-5', 'Released', 'Delete'), false],
    ['a Released volume to recycle: synced', newVolume('volume2-6', '1Gi', 'uid2-6', 'claim2-6', 'Released', 'Recycle'), false],
    ['a Pending volume: synced', newVolume('volume2-7', '1Gi', '', '', 'Pending'), false],
    ['a volume gone: settled', undefined, true],
  ])('%s', (_, volume, settled) => expect(volumeSettled(volume)).toBe(settled));
});
