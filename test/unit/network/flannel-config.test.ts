import { describe, expect, it } from 'vitest';
import { backendMtu, flannelConfigFrom, parseFlannelConfig, subnetEnv, formatSubnetEnv } from '../../../shared/network';

function ok(text: string) {
  const r = parseFlannelConfig(text);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

describe('net-conf.json as flannel parses and checks it (pkg/subnet/config_test.go)', () => {
  it('TestConfigDefaults: a /16 gets /24 subnets from the second to the last, and lower-case keys work', () => {
    const c = ok('{ "network": "10.3.0.0/16" }');
    expect(c).toMatchObject({ network: '10.3.0.0/16', subnetMin: '10.3.1.0', subnetMax: '10.3.255.0', subnetLen: 24 });
    // no Backend means udp
    expect(c.backend).toEqual({ type: 'udp', vni: 0, port: 8285, directRouting: false });
  });

  it('TestConfigOverrides: SubnetMin, SubnetMax and SubnetLen are taken as given', () => {
    const c = ok('{ "Network": "10.3.0.0/16", "SubnetMin": "10.3.5.0", "SubnetMax": "10.3.8.0", "SubnetLen": 28 }');
    expect(c).toMatchObject({ network: '10.3.0.0/16', subnetMin: '10.3.5.0', subnetMax: '10.3.8.0', subnetLen: 28 });
  });

  it.each([
    // CheckNetworkConfig's default SubnetLen: /24 for /22 and larger, prefix+2 up to /28
    ['10.0.0.0/8', 24, '10.0.1.0', '10.255.255.0'],
    ['10.244.0.0/22', 24, '10.244.1.0', '10.244.3.0'],
    ['10.244.0.0/23', 25, '10.244.0.128', '10.244.1.128'],
    ['10.244.0.0/28', 30, '10.244.0.4', '10.244.0.12'],
  ])('Network %s → SubnetLen %i, SubnetMin %s, SubnetMax %s', (network, len, min, max) => {
    expect(ok(JSON.stringify({ Network: network }))).toMatchObject({ subnetLen: len, subnetMin: min, subnetMax: max });
  });

  it.each([
    ['{"Network":"10.244.0.0/29"}', 'network is too small. Minimum useful network prefix is /28'],
    ['{"Network":"10.244.0.0/16","SubnetLen":31}', 'SubnetLen must be less than /31'],
    ['{"Network":"10.244.0.0/16","SubnetLen":17}', 'network must be able to accommodate at least four subnets'],
    ['{"Backend":{"Type":"vxlan"}}', 'please define a correct Network parameter in the flannel config'],
    ['{"Network":"10.244.0.0/16","SubnetMin":"10.245.0.0"}', 'SubnetMin is not in the range of the Network'],
    ['{"Network":"10.244.0.0/16","SubnetMax":"10.1.0.0"}', 'SubnetMax is not in the range of the Network'],
    ['{"Network":"10.244.0.0/16","SubnetMin":"10.244.1.5"}', 'SubnetMin is not on a SubnetLen boundary: 10.244.1.5'],
    ['{"Network":"10.244.0.0/16","SubnetMax":"10.244.200.128"}', 'SubnetMax is not on a SubnetLen boundary: 10.244.200.128'],
    ['{"Network":"10.244.0.0/33"}', 'invalid CIDR address: 10.244.0.0/33'],
    ['{"Network":"10.244.0.0/16","SubnetMin":"ten"}', 'Invalid IP address format'],
    ['{"Network":"10.244.0.0/16","SubnetLen":"24"}', 'json: cannot unmarshal string into Go struct field Config.SubnetLen of type uint'],
    ['{"Network":"10.244.0.0/16","Backend":{"Type":"ipvlan"}}', 'unknown backend type: ipvlan'],
    ['{"Network":"10.244.0.0/16","Backend":{}}', 'unknown backend type: '],
    ['{"Network":"10.244.0.0/16","Backend":"vxlan"}', 'error decoding Backend property of config: json: cannot unmarshal string into Go value of type struct { Type string }'],
    ['{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan","VNI":"one"}}', 'error decoding VXLAN backend config: json: cannot unmarshal string into Go struct field .VNI of type int'],
  ])('%s → %s', (text, error) => {
    expect(parseFlannelConfig(text)).toEqual({ ok: false, error });
  });

  it('backends get their defaults: vxlan VNI 1 on 8472, host-gw, wireguard 51820; Type is case-insensitive', () => {
    expect(ok('{"Network":"10.244.0.0/16","Backend":{"Type":"VXLAN"}}').backend).toEqual({ type: 'vxlan', vni: 1, port: 8472, directRouting: false });
    expect(ok('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan","VNI":4096,"Port":4789,"DirectRouting":true}}').backend).toEqual({
      type: 'vxlan',
      vni: 4096,
      port: 4789,
      directRouting: true,
    });
    expect(ok('{"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}}').backend.type).toBe('host-gw');
    expect(ok('{"Network":"10.244.0.0/16","Backend":{"Type":"wireguard"}}').backend.port).toBe(51820);
  });

  it('MTU per backend on a 1500-byte NIC: vxlan 1450, udp 1472, wireguard 1420, host-gw 1500; an explicit MTU wins', () => {
    const mtu = (type: string, extra = '') => backendMtu(ok(`{"Network":"10.244.0.0/16","Backend":{"Type":"${type}"${extra}}}`).backend);
    expect([mtu('vxlan'), mtu('udp'), mtu('wireguard'), mtu('host-gw')]).toEqual([1450, 1472, 1420, 1500]);
    expect(mtu('vxlan', ',"MTU":1400')).toBe(1400);
    expect(backendMtu(ok('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}').backend, 9001)).toBe(8951);
  });

  it('the ConfigMap: absent → kube-flannel.yml defaults; without net-conf.json → flanneld\'s read error', () => {
    const d = flannelConfigFrom(undefined);
    expect(d.ok && d.config).toMatchObject({ network: '10.244.0.0/16', subnetLen: 24, backend: { type: 'vxlan', vni: 1 } });
    expect(flannelConfigFrom({ data: {} })).toMatchObject({ ok: false, error: 'failed to read net conf: open /etc/kube-flannel/net-conf.json: no such file or directory' });
    expect(flannelConfigFrom({ data: { 'net-conf.json': '{"Network":"10.0.0.0/8","SubnetLen":22}' } })).toMatchObject({ ok: true, config: { subnetLen: 22 } });
  });

  it('subnet.env: the first usable IP of the node subnet, the MTU and ip-masq', () => {
    const c = ok('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}');
    expect(formatSubnetEnv(subnetEnv(c, '10.244.1.0/24', 1450))).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
  });
});
