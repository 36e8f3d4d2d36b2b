// How a workload profile says a container writes to its emptyDirs, and what admission refuses.
import { describe, expect, it } from 'vitest';
import { resolveProfile, validateWorkloadProfile } from '../../../shared/nodes';

describe('volumeWrites', () => {
  it('comes from the profile, then the pod annotation (per container with a suffix)', () => {
    const pod = {
      metadata: { annotations: { 'kubeflare.dev/volume-writes': 'cache=1Mi', 'kubeflare.dev/volume-writes.side': 'logs=2Ki,cache=0' } },
      spec: { containers: [{ name: 'app', image: 'x' }, { name: 'side', image: 'x' }] },
    };
    const p = resolveProfile(pod, { spec: { volumeWrites: { cache: '5Mi' } } });
    expect(p.containers['app']!.volumeWrites).toEqual({ cache: '1Mi' });
    expect(p.containers['side']!.volumeWrites).toEqual({ logs: '2Ki', cache: '0' });
    expect(resolveProfile({ metadata: { annotations: { 'kubeflare.dev/volume-writes': 'cache' } }, spec: { containers: [{ name: 'app', image: 'x' }] } }).containers['app']!.volumeWrites).toBeUndefined();
  });

  it('admission refuses a rate that is not a non-negative quantity, naming the field', () => {
    expect(validateWorkloadProfile({ spec: { volumeWrites: { cache: '10Mi' }, containers: { app: { volumeWrites: { logs: '1Ki' } } } } })).toEqual([]);
    expect(validateWorkloadProfile({ spec: { volumeWrites: { cache: 'fast' }, containers: { app: { volumeWrites: { logs: '-1Mi' } } } } })).toEqual([
      { reason: 'FieldValueInvalid', message: `Invalid value: "fast": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`, field: 'spec.volumeWrites[cache]' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "-1Mi": must be greater than or equal to 0', field: 'spec.containers[app].volumeWrites[logs]' },
    ]);
  });
});
