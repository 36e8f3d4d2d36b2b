// metav1.MicroTime decodes with RFC3339Micro (exactly six fraction digits): kubectl gets upstream's 400 for a Lease
// renewTime with three, and the Lease is not stored; six digits are taken.
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace } from './support/kubectl';

const lease = (name: string, renewTime: string) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name },
  spec: { holderIdentity: 'e2e', leaseDurationSeconds: 40, renewTime },
});

describe('MicroTime fields', () => {
  it('kubectl is refused a renewTime Go cannot parse as RFC3339Micro, and accepted one it can', async () => {
    const ns = await newNamespace('micro-time');
    const bad = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(lease('millis', '2026-12-04T03:30:00.409Z')), allowFail: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Lease in version "v1" cannot be handled as a Lease: parsing time "2026-12-04T03:30:00.409Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".409Z" as ".000000"\n',
    );
    expect((await kubectl(['-n', ns, 'get', 'lease', 'millis'], { allowFail: true })).stderr).toContain('NotFound');
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(lease('micros', '2026-12-04T03:30:00.409000Z')) });
    expect((await getJson(['-n', ns, 'lease', 'micros'])).spec.renewTime).toBe('2026-12-04T03:30:00.409000Z');
  });
});
