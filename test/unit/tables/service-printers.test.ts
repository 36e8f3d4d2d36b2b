import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, ago, cells, headers } from './helpers';

const svc = (spec: object, status: object = {}, creationTimestamp?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'svc', creationTimestamp },
  spec,
  status,
});

describe('service printer', () => {
  it('matches kubectl get svc headers', () => {
    expect(headers('', 'Service')).toEqual({ normal: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'] });
  });

  // TestPrintService cases.
  it.each([
    ['ClusterIP', { type: 'ClusterIP', ports: [{ protocol: 'TCP', port: 2233 }], clusterIPs: ['10.9.8.7'], selector: { foo: 'bar' } }, {}, ['ClusterIP', '10.9.8.7', '<none>', '2233/TCP', '<unknown>', 'foo=bar']],
    ['NodePort', { type: 'NodePort', ports: [{ protocol: 'TCP', port: 8888, nodePort: 9999 }], clusterIPs: ['10.9.8.7'], selector: { foo: 'bar', baz: 'blax' } }, {}, ['NodePort', '10.9.8.7', '<none>', '8888:9999/TCP', '<unknown>', 'baz=blax,foo=bar']],
    ['LoadBalancer pending', { type: 'LoadBalancer', ports: [{ protocol: 'TCP', port: 8888 }], clusterIPs: ['10.9.8.7'] }, {}, ['LoadBalancer', '10.9.8.7', '<pending>', '8888/TCP', '<unknown>', '<none>']],
    ['LoadBalancer with ingress and externalIPs', { type: 'LoadBalancer', ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 8090 }, { protocol: 'TCP', port: 8000 }], clusterIPs: ['1.5.6.7'], externalIPs: ['5.6.7.8'], selector: { foo: 'bar' } }, { loadBalancer: { ingress: [{ ip: '3.4.5.6' }, { ip: '2.3.4.5' }] } }, ['LoadBalancer', '1.5.6.7', '2.3.4.5,3.4.5.6,5.6.7.8', '80/TCP,8090/UDP,8000/TCP', '<unknown>', 'foo=bar']],
    ['ExternalName', { type: 'ExternalName', externalName: 'my.database.example.com' }, {}, ['ExternalName', '<none>', 'my.database.example.com', '<none>', '<unknown>', '<none>']],
    ['headless', { clusterIP: 'None', ports: [{ port: 5432 }], selector: { app: 'db' } }, {}, ['ClusterIP', 'None', '<none>', '5432/TCP', '<unknown>', 'app=db']],
  ])('%s', (_why, spec, status, want) => {
    expect(cells('', 'Service', svc(spec, status)).slice(1)).toEqual(want);
  });

  it('LoadBalancer service with a hostname ingress is never clipped server-side', () => {
    const obj = svc(
      { type: 'LoadBalancer', clusterIP: '10.96.14.2', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 31380 }], selector: { app: 'web' } },
      { loadBalancer: { ingress: [{ hostname: 'a1b2c3-1234567890.us-east-1.elb.amazonaws.com' }] } },
      ago(2 * DAY),
    );
    expect(cells('', 'Service', obj)).toEqual(['svc', 'LoadBalancer', '10.96.14.2', 'a1b2c3-1234567890.us-east-1.elb.amazonaws.com', '80:31380/TCP', '2d', 'app=web']);
  });
});

describe('endpoints printer', () => {
  const ep = (subsets: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ep' }, subsets });

  // TestPrintEndpoint cases.
  it.each([
    ['none', [], '<none>'],
    ['one address one port', [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 8888, protocol: 'TCP' }] }], '127.0.0.1:8888'],
    ['headless without ports', [{ addresses: [{ ip: '1.2.3.4' }, { ip: '5.6.7.8' }] }], '1.2.3.4,5.6.7.8'],
    [
      'more than three',
      [
        { addresses: [{ ip: '1.1.1.1' }, { ip: '2.2.2.2' }], ports: [{ port: 8888 }, { port: 9999 }] },
        { addresses: [{ ip: '3.3.3.3' }], ports: [{ port: 7777 }] },
      ],
      '1.1.1.1:8888,2.2.2.2:8888,1.1.1.1:9999 + 2 more...',
    ],
    ['ipv6', [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }], '[fd00::1]:80'],
  ])('%s', (_why, subsets, want) => {
    expect(cells('', 'Endpoints', ep(subsets))).toEqual(['ep', want, '<unknown>']);
  });
});
