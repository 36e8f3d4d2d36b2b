import { describe, expect, it } from 'vitest';
import { invalidImageMessage } from '../../../shared/nodes/images';
import { imageMissing, pullBackOff, pullFailed, type PullFailure } from '../../../shared/nodes/image-pull';

const H64 = 'f'.repeat(64);

describe('invalidImageMessage (reference.ParseNormalizedNamed as the kubelet applies it)', () => {
  // rows from distribution/reference's reference_test.go and normalize_test.go
  const valid = [
    'test_com', 'test.com:tag', 'test.com:5000', 'test.com/repo:tag', 'test:5000/repo', 'test:5000/repo:tag',
    `test:5000/repo@sha256:${H64}`, `test:5000/repo:tag@sha256:${H64}`, `repo@sha256:${H64}`, 'lowercase:Uppercase',
    'sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'b.gcr.io/test.example.com/my-app:test.example.com',
    'xn--n3h.com/myimage:xn--n3h.com', 'foo_bar.com:8080', 'foo/foo_bar.com:8080', '[2001:db8::1]:5000/repo', 'localhost:5000/a__b--c.d',
    'nginx', 'busybox:1.36', 'registry.k8s.io/pause:3.10', 'docker.io/library/nginx:latest',
  ];
  it.each(valid)('%s is valid', (image) => expect(invalidImageMessage(image)).toBeUndefined());

  const invalid: [string, string][] = [
    [':justtag', 'invalid reference format'],
    [`@sha256:${H64}`, 'invalid reference format'],
    ['aa/asdf$$^/aa', 'invalid reference format'],
    ['nginx:1.27!', 'invalid reference format'],
    ['nginx::1', 'invalid reference format'],
    ['-nginx', 'invalid reference format'],
    [`repo@sha256:${'f'.repeat(62)}`, 'invalid checksum digest length'],
    [`validname@invaliddigest:${H64}`, 'unsupported digest algorithm'],
    ['Uppercase:tag', 'invalid reference format: repository name (library/Uppercase) must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'invalid reference format: repository name (Uppercase/lowercase) must be lowercase'],
    ['docker.io/FOO', 'invalid reference format: repository name (library/FOO) must be lowercase'],
    [H64, `invalid repository name (${H64}), cannot specify 64-byte hexadecimal strings`],
    [`a/${'a'.repeat(255)}`, 'repository name must not be more than 255 characters'],
  ];
  it.each(invalid)('%s: %s', (image, error) => {
    expect(invalidImageMessage(image)).toBe(`Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error}`);
  });
});

describe('imageMissing: the simulated registry', () => {
  const rows: [string, string[], boolean][] = [
    ['nginx:does-not-exist', [], true],
    ['nginx:doesnotexist', [], true],
    ['registry.k8s.io/invalid-image:invalid-tag', [], true],
    ['me/nonexistent-app', [], true],
    ['me/app:v1-not-found', [], true],
    ['nginx:1.27', [], false],
    ['me/invalidator:1', [], false],
    ['nginx:1.99', ['nginx:1.99'], true],
    ['docker.io/library/nginx:1.99', ['nginx:1.99'], true],
    ['nginx:1.98', ['nginx:1.99'], false],
    ['registry.example.com/team/app:3', ['registry.example.com/team/app'], true],
    ['registry.example.com/team/app', ['registry.example.com/team/app'], true],
    ['registry.example.com/team/other:3', ['registry.example.com/team/app'], false],
    ['localhost:5000/app:2', ['localhost:5000/app'], true],
  ];
  it.each(rows)('%s with %j → %s', (image, list, want) => expect(imageMissing(image, list)).toBe(want));
});

describe('image back-off (flowcontrol.Backoff as the image manager uses it)', () => {
  it('follows image_manager_test.go\'s "image missing, pull" row: pull, pull, back-off, pull, back-off, back-off', () => {
    // upstream steps a fake clock 1 s per sync with a 1 s initial back-off; here 10 s and 10 s
    let failure: PullFailure | undefined;
    const seen: string[] = [];
    for (let t = 10_000; t <= 60_000; t += 10_000) {
      const backoff = failure && pullBackOff(failure, 'img', t);
      if (backoff) {
        failure = backoff.failure;
        seen.push('ImagePullBackOff');
      } else {
        failure = pullFailed(failure, 'img', t).failure;
        seen.push('ErrImagePull');
      }
    }
    expect(seen).toEqual(['ErrImagePull', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ImagePullBackOff']);
  });

  it('doubles to 300 s and starts over after 600 s without a failure', () => {
    let f = pullFailed(undefined, 'img', 0).failure;
    for (let i = 0; i < 10; i++) f = pullFailed(f, 'img', f.failedAt + f.backoffMs).failure;
    expect(f.backoffMs).toBe(300_000);
    expect(pullFailed(f, 'img', f.failedAt + 600_001).failure.backoffMs).toBe(10_000);
  });

  it('uses upstream\'s events and messages', () => {
    const first = pullFailed(undefined, 'nginx:does-not-exist', 0);
    expect(first.events).toEqual([
      { type: 'Warning', reason: 'Failed', message: 'Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found' },
      { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' },
    ]);
    expect(first.nextSyncAt).toBe(1000);
    const back = pullBackOff(first.failure, 'nginx:does-not-exist', 1000)!;
    expect(back.failure).toMatchObject({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:does-not-exist"' });
    expect(back.events.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'BackOff', 'Back-off pulling image "nginx:does-not-exist"'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ]);
    expect(pullBackOff(back.failure, 'nginx:does-not-exist', 5000)!.events).toEqual([]);
  });
});
