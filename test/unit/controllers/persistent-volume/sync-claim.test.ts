// Rows from upstream's binder_test.go (TestSync, "1-x" syncClaim rows) and provision_test.go, run through
// shared/controllers/persistent-volume's syncClaim with a fake API that applies its actions.
import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { syncClaim } from '../../../../shared/controllers/persistent-volume';
import { NOW, applyActions, expected, newClaim, newVolume, storageClass } from './fixtures';

const BOUND_BY = 'pv.kubernetes.io/bound-by-controller';
const COMPLETED = 'pv.kubernetes.io/bind-completed';

interface Row {
  name: string;
  volumes: PersistentVolume[];
  expectedVolumes: PersistentVolume[];
  claim: PersistentVolumeClaim;
  expectedClaim: PersistentVolumeClaim;
  events: string[];
  classes?: StorageClass[];
}

const rows: Row[] = [
  {
    name: '1-1 - successful bind',
    volumes: [newVolume('volume1-1', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-1', '1Gi', 'uid1-1', 'claim1-1', 'Bound', 'Retain', '', BOUND_BY)],
    claim: newClaim('claim1-1', 'uid1-1', '1Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-1', 'uid1-1', '1Gi', 'volume1-1', 'Bound', undefined, BOUND_BY, COMPLETED),
    events: [],
  },
  {
    name: '1-2 - noop',
    volumes: [newVolume('volume1-2', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-2', '1Gi', '', '', 'Available')],
    claim: newClaim('claim1-2', 'uid1-2', '10Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-2', 'uid1-2', '10Gi', '', 'Pending', undefined),
    events: ['Normal FailedBinding'],
  },
  {
    name: '1-3 - reset to Pending',
    volumes: [newVolume('volume1-3', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-3', '1Gi', '', '', 'Available')],
    claim: { ...newClaim('claim1-3', 'uid1-3', '10Gi', '', 'Bound', undefined), status: { phase: 'Bound' } },
    expectedClaim: newClaim('claim1-3', 'uid1-3', '10Gi', '', 'Pending', undefined),
    events: ['Normal FailedBinding'],
  },
  {
    name: '1-4 - smallest volume',
    volumes: [newVolume('volume1-4_1', '10Gi', '', '', 'Available'), newVolume('volume1-4_2', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-4_1', '10Gi', '', '', 'Available'), newVolume('volume1-4_2', '1Gi', 'uid1-4', 'claim1-4', 'Bound', 'Retain', '', BOUND_BY)],
    claim: newClaim('claim1-4', 'uid1-4', '1Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-4', 'uid1-4', '1Gi', 'volume1-4_2', 'Bound', undefined, BOUND_BY, COMPLETED),
    events: [],
  },
  {
    name: '1-5 - prebound volume by name - success',
    volumes: [newVolume('volume1-5_1', '10Gi', '', 'claim1-5', 'Available'), newVolume('volume1-5_2', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-5_1', '10Gi', 'uid1-5', 'claim1-5', 'Bound'), newVolume('volume1-5_2', '1Gi', '', '', 'Available')],
    claim: newClaim('claim1-5', 'uid1-5', '1Gi', '', 'Pending', undefined),
    expectedClaim: { ...newClaim('claim1-5', 'uid1-5', '1Gi', 'volume1-5_1', 'Bound', undefined, BOUND_BY, COMPLETED), status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '10Gi' } } },
    events: [],
  },
  {
    name: '1-6 - prebound volume by UID - success',
    volumes: [newVolume('volume1-6_1', '10Gi', 'uid1-6', 'claim1-6', 'Available'), newVolume('volume1-6_2', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume1-6_1', '10Gi', 'uid1-6', 'claim1-6', 'Bound'), newVolume('volume1-6_2', '1Gi', '', '', 'Available')],
    claim: newClaim('claim1-6', 'uid1-6', '1Gi', '', 'Pending', undefined),
    expectedClaim: { ...newClaim('claim1-6', 'uid1-6', '1Gi', 'volume1-6_1', 'Bound', undefined, BOUND_BY, COMPLETED), status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '10Gi' } } },
    events: [],
  },
  {
    name: '1-7 - prebound volume to a different claim - noop',
    volumes: [newVolume('volume1-7', '10Gi', 'uid1-777', 'claim1-777', 'Pending')],
    expectedVolumes: [newVolume('volume1-7', '10Gi', 'uid1-777', 'claim1-777', 'Pending')],
    claim: newClaim('claim1-7', 'uid1-7', '1Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-7', 'uid1-7', '1Gi', '', 'Pending', undefined),
    events: ['Normal FailedBinding'],
  },
  {
    name: '1-8 - complete bind (the volume already points at the claim)',
    volumes: [newVolume('volume1-8', '1Gi', 'uid1-8', 'claim1-8', 'Bound', 'Retain', '', BOUND_BY)],
    expectedVolumes: [newVolume('volume1-8', '1Gi', 'uid1-8', 'claim1-8', 'Bound', 'Retain', '', BOUND_BY)],
    claim: newClaim('claim1-8', 'uid1-8', '1Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-8', 'uid1-8', '1Gi', 'volume1-8', 'Bound', undefined, BOUND_BY, COMPLETED),
    events: [],
  },
  {
    name: '1-9 - volume mode mismatch (Block volume, Filesystem claim)',
    volumes: [{ ...newVolume('volume1-9', '1Gi', '', '', 'Available'), spec: { ...newVolume('volume1-9', '1Gi', '', '', 'Available').spec, volumeMode: 'Block' } }],
    expectedVolumes: [{ ...newVolume('volume1-9', '1Gi', '', '', 'Available'), spec: { ...newVolume('volume1-9', '1Gi', '', '', 'Available').spec, volumeMode: 'Block' } }],
    claim: newClaim('claim1-9', 'uid1-9', '1Gi', '', 'Pending', undefined),
    expectedClaim: newClaim('claim1-9', 'uid1-9', '1Gi', '', 'Pending', undefined),
    events: ['Normal FailedBinding'],
  },
  {
    name: '2-1 - claim prebound to a volume that does not exist: Pending',
    volumes: [],
    expectedVolumes: [],
    claim: newClaim('claim2-1', 'uid2-1', '10Gi', 'volume2-1', 'Pending', undefined),
    expectedClaim: newClaim('claim2-1', 'uid2-1', '10Gi', 'volume2-1', 'Pending', undefined),
    events: [],
  },
  {
    name: '2-3 - claim prebound to an unbound volume: bind',
    volumes: [newVolume('volume2-3', '1Gi', '', '', 'Available')],
    expectedVolumes: [newVolume('volume2-3', '1Gi', 'uid2-3', 'claim2-3', 'Bound', 'Retain', '', BOUND_BY)],
    claim: newClaim('claim2-3', 'uid2-3', '1Gi', 'volume2-3', 'Pending', undefined),
    expectedClaim: newClaim('claim2-3', 'uid2-3', '1Gi', 'volume2-3', 'Bound', undefined, COMPLETED),
    events: [],
  },
  {
    name: '3-1 - bound claim whose volume is gone: Lost',
    volumes: [],
    expectedVolumes: [],
    claim: newClaim('claim3-1', 'uid3-1', '10Gi', 'volume3-1', 'Bound', undefined, COMPLETED),
    expectedClaim: { ...newClaim('claim3-1', 'uid3-1', '10Gi', 'volume3-1', 'Bound', undefined, COMPLETED), status: { phase: 'Lost', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '10Gi' } } },
    events: ['Warning ClaimLost'],
  },
  {
    name: '3-5 - bound claim, volume bound to another claim: Lost (misbound)',
    volumes: [newVolume('volume3-5', '10Gi', 'uid3-5-other', 'claim3-5-other', 'Bound')],
    expectedVolumes: [newVolume('volume3-5', '10Gi', 'uid3-5-other', 'claim3-5-other', 'Bound')],
    claim: newClaim('claim3-5', 'uid3-5', '10Gi', 'volume3-5', 'Bound', undefined, COMPLETED),
    expectedClaim: { ...newClaim('claim3-5', 'uid3-5', '10Gi', 'volume3-5', 'Bound', undefined, COMPLETED), status: { phase: 'Lost', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '10Gi' } } },
    events: ['Warning ClaimMisbound'],
  },
  {
    name: 'class mismatch: a volume of another class is never bound',
    volumes: [newVolume('volume-gold', '1Gi', '', '', 'Available', 'Retain', 'gold')],
    expectedVolumes: [newVolume('volume-gold', '1Gi', '', '', 'Available', 'Retain', 'gold')],
    claim: newClaim('claim-silver', 'uid-s', '1Gi', '', 'Pending', 'silver'),
    expectedClaim: newClaim('claim-silver', 'uid-s', '1Gi', '', 'Pending', 'silver'),
    events: ['Warning ProvisioningFailed'],
  },
  {
    name: 'WaitForFirstConsumer without a selected node: the claim waits',
    classes: [storageClass('standard', 'kubeflare.dev/simulated', 'WaitForFirstConsumer')],
    volumes: [newVolume('volume-w', '1Gi', '', '', 'Available', 'Retain', 'standard')],
    expectedVolumes: [newVolume('volume-w', '1Gi', '', '', 'Available', 'Retain', 'standard')],
    claim: newClaim('claim-w', 'uid-w', '1Gi', '', 'Pending', 'standard'),
    expectedClaim: newClaim('claim-w', 'uid-w', '1Gi', '', 'Pending', 'standard'),
    events: ['Normal WaitForFirstConsumer'],
  },
];

describe('syncClaim (binder_test.go rows)', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const { actions } = syncClaim({ claim: r.claim, volumes: r.volumes, classes: r.classes ?? [], now: NOW });
    const got = applyActions(r.volumes, [r.claim], actions);
    const want = expected(r.expectedVolumes, [r.expectedClaim]);
    expect(got.volumes).toEqual(want.volumes);
    expect(got.claims).toEqual(want.claims);
    expect(got.events).toEqual(r.events);
  });

  it('is idempotent: syncing a bound pair again writes nothing', () => {
    const r = rows[0]!;
    const first = applyActions(r.volumes, [r.claim], syncClaim({ claim: r.claim, volumes: r.volumes, classes: [], now: NOW }).actions);
    const again = syncClaim({ claim: first.claims[0], volumes: first.volumes, classes: [], now: NOW });
    expect(again.actions).toEqual([]);
  });

  it('leaves out the informational events of a claim version already reported', () => {
    const r = rows[1]!;
    expect(syncClaim({ claim: r.claim, volumes: r.volumes, classes: [], now: NOW, reported: true }).actions).toEqual([]);
  });
});

describe('syncClaim: provisioning (provision_test.go, with the simulated provisioner)', () => {
  const standard = storageClass('standard', 'kubeflare.dev/simulated', 'WaitForFirstConsumer', true);
  const fast = storageClass('fast', 'kubeflare.dev/simulated', 'Immediate');

  it('retroactively gives a claim without a class the default class', () => {
    const claim = newClaim('c', 'uid-c', '1Gi', '', 'Pending', undefined);
    const got = applyActions([], [claim], syncClaim({ claim, volumes: [], classes: [fast, standard], now: NOW }).actions);
    expect(got.claims[0].spec.storageClassName).toBe('standard');
    // "" asks for no class: it is kept
    const none = newClaim('n', 'uid-n', '1Gi', '', 'Pending', '');
    expect(syncClaim({ claim: none, volumes: [], classes: [standard], now: NOW }).actions.some((a) => a.kind === 'update')).toBe(false);
  });

  it('marks the claim with its provisioner first, then provisions a volume pre-bound to it (Immediate)', () => {
    const claim = newClaim('c', 'uid-c', '3Gi', '', 'Pending', 'fast');
    const marked = applyActions([], [claim], syncClaim({ claim, volumes: [], classes: [fast], now: NOW }).actions);
    expect(marked.claims[0].metadata.annotations).toEqual({ 'volume.kubernetes.io/storage-provisioner': 'kubeflare.dev/simulated', 'volume.beta.kubernetes.io/storage-provisioner': 'kubeflare.dev/simulated' });
    expect(marked.events).toEqual(['Normal ExternalProvisioning']);
    const provisioned = applyActions([], marked.claims, syncClaim({ claim: marked.claims[0], volumes: [], classes: [fast], now: NOW }).actions);
    expect(provisioned.events).toEqual(['Normal Provisioning', 'Normal ProvisioningSucceeded']);
    const pv = provisioned.volumes[0];
    expect(pv.metadata).toEqual({ name: 'pvc-uid-c', annotations: { 'pv.kubernetes.io/provisioned-by': 'kubeflare.dev/simulated' } });
    expect(pv.spec).toMatchObject({ capacity: { storage: '3Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'fast', claimRef: { name: 'c', namespace: 'default', uid: 'uid-c' } });
    expect(pv.spec.nodeAffinity).toBeUndefined();
    // the next sync binds the claim to its own volume, and nothing is provisioned twice
    const bound = applyActions([{ ...pv, status: { phase: 'Pending' } }], provisioned.claims, syncClaim({ claim: provisioned.claims[0], volumes: [{ ...pv, status: { phase: 'Pending' } }], classes: [fast], now: NOW }).actions);
    expect(bound.claims[0].spec.volumeName).toBe('pvc-uid-c');
    expect(bound.claims[0].status.phase).toBe('Bound');
    expect(bound.volumes[0].status.phase).toBe('Bound');
  });

  it('WaitForFirstConsumer: provisions once the scheduler selected a node, with node affinity to it', () => {
    const claim = newClaim('c', 'uid-c', '1Gi', '', 'Pending', 'standard');
    claim.metadata!.annotations = { 'volume.kubernetes.io/selected-node': 'node-1', 'volume.kubernetes.io/storage-provisioner': 'kubeflare.dev/simulated', 'volume.beta.kubernetes.io/storage-provisioner': 'kubeflare.dev/simulated' };
    const got = applyActions([], [claim], syncClaim({ claim, volumes: [], classes: [standard], now: NOW }).actions);
    expect(got.volumes[0].spec.nodeAffinity).toEqual({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } });
  });

  it('an external provisioner is waited for; kubernetes.io/no-provisioner never provisions', () => {
    const ext = storageClass('ebs', 'ebs.csi.aws.com');
    const claim = newClaim('c', 'uid-c', '1Gi', '', 'Pending', 'ebs');
    claim.metadata!.annotations = { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' };
    const got = applyActions([], [claim], syncClaim({ claim, volumes: [], classes: [ext], now: NOW }).actions);
    expect(got.volumes).toEqual([]);
    expect(got.events).toEqual(['Normal ExternalProvisioning']);
    const local = storageClass('local', 'kubernetes.io/no-provisioner');
    const c2 = newClaim('c2', 'uid-c2', '1Gi', '', 'Pending', 'local');
    expect(applyActions([], [c2], syncClaim({ claim: c2, volumes: [], classes: [local], now: NOW }).actions).volumes).toEqual([]);
  });
});
