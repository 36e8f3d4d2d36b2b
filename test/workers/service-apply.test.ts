import { describe, expect, it } from 'vitest';
import { api, freshNamespace } from './helpers';

describe('services created by server-side apply', () => {
  it('get a cluster IP like a POSTed one, released on delete', async () => {
    const ns = await freshNamespace();
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    const applied = await api('PATCH', `/api/v1/namespaces/${ns}/services/s?fieldManager=kubectl`, svc, 'application/apply-patch+yaml');
    expect(applied.status).toBe(201);
    const ip = applied.body.spec.clusterIP;
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect((await api('DELETE', `/api/v1/namespaces/${ns}/services/s`)).status).toBe(200);
    const again = await api('POST', `/api/v1/namespaces/${ns}/services`, { ...svc, spec: { ...svc.spec, clusterIP: ip } });
    expect(again.status).toBe(201);
    expect(again.body.spec.clusterIP).toBe(ip);
  });
});
