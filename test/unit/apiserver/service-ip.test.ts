import { describe, expect, it } from 'vitest';
import { keepAllocatedValues, pickServiceIP, SERVICE_CIDR } from '../../../shared/apiserver/service-ip';

describe('pickServiceIP', () => {
  it('never hands out the network address or the kubernetes service IP', () => {
    expect(pickServiceIP(SERVICE_CIDR, new Set(), () => 0)).toBe('10.96.0.2');
  });

  it('skips taken addresses and wraps around the range', () => {
    const taken = new Set(['10.96.0.2', '10.96.0.3']);
    expect(pickServiceIP(SERVICE_CIDR, taken, () => 0)).toBe('10.96.0.4');
    expect(pickServiceIP('10.0.0.0/29', new Set(['10.0.0.6']), () => 0.99)).toBe('10.0.0.2');
  });

  it('gives a requested address when free, and upstream errors otherwise', () => {
    expect(pickServiceIP(SERVICE_CIDR, new Set(), () => 0, '10.96.0.10')).toBe('10.96.0.10');
    expect(() => pickServiceIP(SERVICE_CIDR, new Set(['10.96.0.10']), () => 0, '10.96.0.10', 'web')).toThrow(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(() => pickServiceIP(SERVICE_CIDR, new Set(), () => 0, '192.168.0.1')).toThrow(/not in the valid range/);
  });

  it('reports a full range', () => {
    const taken = new Set(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(() => pickServiceIP('10.0.0.0/29', taken, () => 0)).toThrow(/range is full/);
  });
});

describe('keepAllocatedValues', () => {
  it('keeps the allocated IP when an update leaves it out', () => {
    const old = { spec: { clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ipFamilies: ['IPv4'], ports: [] } };
    const next = keepAllocatedValues(old, { spec: { ports: [{ port: 80 }] } });
    expect(next.spec).toEqual({ clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ipFamilies: ['IPv4'], ports: [{ port: 80 }] });
  });

  it('leaves an explicit change for validation to judge', () => {
    const old = { spec: { clusterIP: '10.96.0.9' } };
    expect(keepAllocatedValues(old, { spec: { clusterIP: '10.96.0.8' } }).spec).toEqual({ clusterIP: '10.96.0.8' });
  });
});
