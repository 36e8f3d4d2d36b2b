import { describe, expect, it } from 'vitest';
import { controllerOwner, type ChangeNotice } from '../../../shared/apiserver/change-notice';

const ref = (kind: string, name: string, controller?: boolean, apiVersion = 'apps/v1') => ({ apiVersion, kind, name, uid: `uid-${name}`, ...(controller === undefined ? {} : { controller }) });
const pod = (...ownerReferences: ReturnType<typeof ref>[]): ChangeNotice => ({ resource: 'pods', type: 'MODIFIED', namespace: 'ns', name: 'p', uid: 'u', resourceVersion: '1', ...(ownerReferences.length ? { ownerReferences } : {}) });

describe('controllerOwner: the workload a notice concerns', () => {
  it.each([
    // [why, notice, kind, apiVersion, owner's name]
    ['its controlling ReplicaSet', pod(ref('ReplicaSet', 'web-1', true)), 'ReplicaSet', undefined, 'web-1'],
    ['an owner that is not its controller', pod(ref('ReplicaSet', 'web-1')), 'ReplicaSet', undefined, undefined],
    ['a controller of another kind', pod(ref('Job', 'batch-1', true, 'batch/v1')), 'ReplicaSet', undefined, undefined],
    ['the controller among several owners', pod(ref('ConfigMap', 'cm', false, 'v1'), ref('DaemonSet', 'ds', true)), 'DaemonSet', 'apps/v1', 'ds'],
    ['a controller of the kind but another group version', pod(ref('DaemonSet', 'ds', true, 'extensions/v1beta1')), 'DaemonSet', 'apps/v1', undefined],
    ['no owners at all', pod(), 'ReplicaSet', undefined, undefined],
  ] as const)('%s', (_why, n, kind, apiVersion, name) => {
    expect(controllerOwner(n, kind, apiVersion)?.name).toBe(name);
  });
});
