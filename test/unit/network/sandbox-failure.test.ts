import { describe, expect, it } from 'vitest';
import { allocatePodIP, newHostLocal } from '../../../shared/nodes';
import { cniAddError, sandboxFailureEvent, sandboxOptionsError } from '../../../shared/network';

const pod = (annotations: Record<string, string> = {}) => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations } });
const PREFIX = /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": /;

describe('a failed sandbox network setup as the kubelet reports it', () => {
  it("host-local exhausted on a /30: libcni's and flannel's wrapping of host-local's error, a new sandbox each attempt", () => {
    let s = newHostLocal('10.244.7.0/30');
    const first = allocatePodIP(s, 'a');
    expect(first.ok && first.ip).toBe('10.244.7.2');
    s = first.state;
    const second = allocatePodIP(s, 'b');
    expect(second.ok).toBe(false);
    const e1 = sandboxFailureEvent(pod(), cniAddError(!second.ok ? second.error : ''), 1000, '1');
    expect(e1).toMatchObject({ type: 'Warning', reason: 'FailedCreatePodSandBox', atMs: 1000 });
    expect(e1.message).toMatch(PREFIX);
    expect(e1.message.replace(PREFIX, '')).toBe('plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.7.1-10.244.7.2');
    expect(sandboxFailureEvent(pod(), 'x', 2000, '2').message.slice(0, 140)).not.toBe(e1.message.slice(0, 140));
  });
  it.each([
    [{ 'kubernetes.io/ingress-bandwidth': '10' }, 'get cni namespace options: reading pod bandwidth annotations: resource is unreasonably small (< 1kbit)'],
    [{ 'kubernetes.io/egress-bandwidth': '2P' }, 'get cni namespace options: reading pod bandwidth annotations: resource is unreasonably large (> 1Pbit)'],
    [{ 'kubernetes.io/egress-bandwidth': '10M' }, undefined],
    [{}, undefined],
  ])("containerd refuses bandwidth annotations %j before CNI runs", (annotations, want) => {
    expect(sandboxOptionsError(pod(annotations))).toBe(want);
  });
});
