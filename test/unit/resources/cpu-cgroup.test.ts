import { describe, expect, it } from 'vitest';
import { containerCpuCgroup, cpuSharesToWeight, milliCpuToQuota, milliCpuToShares } from '../../../shared/resources';

// Rows from kubernetes/kubernetes pkg/kubelet/cm/helpers_linux_test.go (TestMilliCPUToQuota, TestMilliCPUToShares).
describe('the kubelet CPU cgroup mapping', () => {
  it.each([
    [0, 0], [5, 1000], [9, 1000], [10, 1000], [200, 20000], [500, 50000], [1000, 100000], [1500, 150000],
  ])('MilliCPUToQuota(%d) = %d µs per 100ms period', (milli, quota) => expect(milliCpuToQuota(milli)).toBe(quota));

  it.each([
    [0, 2], [1, 2], [2, 2], [3, 3], [5, 5], [10, 10], [100, 102], [200, 204], [500, 512], [1000, 1024], [2000, 2048],
    [255999, Math.floor((255999 * 1024) / 1000)], [256000, 262144], [256001, 262144], [1000000, 262144],
  ])('MilliCPUToShares(%d) = %d', (milli, shares) => expect(milliCpuToShares(milli)).toBe(shares));

  // cgroup v2: 1 + (shares − 2)·9999/262142 (KEP-2254, kubelet's cpuSharesToCPUWeight)
  it.each([[2, 1], [1024, 39], [102, 4], [262144, 10000], [256, 10]])('cpu.weight for %d shares = %d', (shares, weight) => expect(cpuSharesToWeight(shares)).toBe(weight));

  it('gives a container shares from its request, quota from its limit, and no quota without one', () => {
    expect(containerCpuCgroup({ name: 'a', resources: { requests: { cpu: '250m' }, limits: { cpu: '500m' } } })).toEqual({ shares: 256, weight: 10, quotaUs: 50000, periodUs: 100000, burstUs: 0 });
    expect(containerCpuCgroup({ name: 'b', resources: { limits: { cpu: '2' } } })).toMatchObject({ shares: 2048, quotaUs: 200000 });
    expect(containerCpuCgroup({ name: 'c' })).toMatchObject({ shares: 2, quotaUs: -1 });
  });

  it('caps a burst at the quota and allows none without a quota, as the kernel does', () => {
    expect(containerCpuCgroup({ name: 'a', resources: { limits: { cpu: '500m' } } }, 80000).burstUs).toBe(50000);
    expect(containerCpuCgroup({ name: 'a', resources: { limits: { cpu: '500m' } } }, 20000).burstUs).toBe(20000);
    expect(containerCpuCgroup({ name: 'c' }, 20000).burstUs).toBe(0);
  });
});
