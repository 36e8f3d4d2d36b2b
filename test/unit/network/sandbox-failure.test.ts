import { describe, expect, it } from 'vitest';
import { allocatePodIP, newHostLocal } from '../../../shared/nodes';
import { sandboxFailureEvent } from '../../../shared/network';

describe('a failed CNI ADD as the kubelet reports it', () => {
  it('host-local exhausted on a /30: containerd\'s wrapping of flannel\'s delegate error, a new sandbox each attempt', () => {
    let s = newHostLocal('10.244.7.0/30');
    const first = allocatePodIP(s, 'a');
    expect(first.ok && first.ip).toBe('10.244.7.2');
    s = first.state;
    const second = allocatePodIP(s, 'b');
    expect(second.ok).toBe(false);
    const pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' } };
    const e1 = sandboxFailureEvent(pod, !second.ok ? second.error : '', 1000, '1');
    expect(e1).toMatchObject({ type: 'Warning', reason: 'FailedCreatePodSandBox', atMs: 1000 });
    expect(e1.message).toMatch(
      /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="flannel" failed \(add\): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10\.244\.7\.1-10\.244\.7\.2$/,
    );
    expect(sandboxFailureEvent(pod, 'x', 2000, '2').message.slice(0, 140)).not.toBe(e1.message.slice(0, 140));
  });
});
