import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlWatching, newNamespace, poll, tableRows } from './support/kubectl';

const dir = mkdtempSync(join(tmpdir(), 'kubeflare-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `bytes` letters, for `--from-file`. */
function blobFile(name: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'x'.repeat(bytes));
  return path;
}

describe('kubectl with objects over 1 MB', () => {
  it('creates, annotates, edits and deletes a 1.2 MB ConfigMap, and a watch sees every change', async () => {
    const ns = await newNamespace('large');
    const w = await kubectlWatching(['-n', ns, 'get', 'configmaps', '--field-selector=metadata.name=big', '-w', '--output-watch-events']);
    try {
      // ConfigMap validation allows 1 MiB of data, as upstream; the rest of the 1.2 MB is annotations
      const tooMuch = await kubectl(['-n', ns, 'create', 'configmap', 'big', `--from-file=blob=${blobFile('1.2MB', 1_200_000)}`], { allowFail: true });
      expect(tooMuch.code).not.toBe(0);
      expect(tooMuch.stderr).toContain('Too long: must have at most 1048576 bytes');

      await kubectl(['-n', ns, 'create', 'configmap', 'big', `--from-file=blob=${blobFile('1MB', 1_000_000)}`]);
      // one command-line argument holds at most 128 KiB: two annotations of 100 KB
      await kubectl(['-n', ns, 'annotate', 'configmap', 'big', `n1=${'a'.repeat(100_000)}`, `n2=${'b'.repeat(100_000)}`]);
      await kubectl(['-n', ns, 'edit', 'configmap', 'big'], { env: { EDITOR: 'sed -i s/^\\ \\ blob:\\ x/\\ \\ blob:\\ y/' } });
      const edited = await kubectl(['-n', ns, 'get', 'configmap', 'big', '-o', 'jsonpath={.data.blob}']);
      expect(edited.stdout.length).toBe(1_000_000);
      expect(edited.stdout.slice(0, 2)).toBe('yx');
      await kubectl(['-n', ns, 'delete', 'configmap', 'big']);

      const rows = await poll(
        () => {
          const r = tableRows(w.output()).slice(1);
          return r.length >= 4 ? r : undefined;
        },
        15_000,
        `4 watch rows; got:\n${w.output()}`,
      );
      expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
        ['ADDED', 'big', '1'],
        ['MODIFIED', 'big', '1'],
        ['MODIFIED', 'big', '1'],
        ['DELETED', 'big', '1'],
      ]);
    } finally {
      await w.stop();
    }
    const gone = await kubectl(['-n', ns, 'get', 'configmap', 'big'], { allowFail: true });
    expect(gone.stderr).toContain('configmaps "big" not found');
  });

  it("refuses a 2 MB object with etcd's error, and stores nothing", async () => {
    const ns = await newNamespace('too-large');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'huge' },
      spec: {
        selector: { matchLabels: { app: 'huge' } },
        template: {
          metadata: { labels: { app: 'huge' } },
          spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'BLOB', value: 'z'.repeat(2_000_000) }] }] },
        },
      },
    };
    const path = join(dir, 'huge.json');
    writeFileSync(path, JSON.stringify(deployment));
    const r = await kubectl(['-n', ns, 'create', '-f', path], { allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (RequestEntityTooLarge)');
    expect(r.stderr).toContain('etcdserver: request is too large');
    const get = await kubectl(['-n', ns, 'get', 'deployments', '-o', 'name']);
    expect(get.stdout.trim()).toBe('');
  });
});
