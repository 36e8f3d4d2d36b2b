import { describe, expect, it } from 'vitest';
import { kubectl, kubectlInBackground, kubectlWatching, newNamespace, poll, tableRows } from './support/kubectl';

/** Waits until a background `get -w --output-watch-events` has printed `n` rows (header excluded) and returns them. */
async function eventsSeen(w: ReturnType<typeof kubectlInBackground>, n: number, timeoutMs = 10_000) {
  return poll(
    () => {
      const rows = tableRows(w.output()).slice(1);
      return rows.length >= n ? rows : undefined;
    },
    timeoutMs,
    `${n} watch rows; got:\n${w.output()}\nstderr: ${w.stderr()}`,
  );
}

describe('kubectl get -w', () => {
  it('streams ADDED, MODIFIED and DELETED for a concurrent change in the namespace', async () => {
    const ns = await newNamespace('watch');
    await kubectl(['-n', ns, 'create', 'configmap', 'existing']);
    const w = kubectlInBackground(['-n', ns, 'get', 'configmaps', '-w', '--output-watch-events']);
    try {
      // The initial list is printed first (as ADDED; the namespace's kube-root-ca.crt is in it), then the watch
      // starts from its resourceVersion.
      expect((await eventsSeen(w, 2)).map((r) => [r[0], r[1]])).toEqual([['ADDED', 'existing'], ['ADDED', 'kube-root-ca.crt']]);
      await kubectl(['-n', ns, 'create', 'configmap', 'live', '--from-literal=a=b']);
      await kubectl(['-n', ns, 'label', 'configmap', 'live', 'x=1']);
      await kubectl(['-n', ns, 'delete', 'configmap', 'live']);
      const rows = await eventsSeen(w, 5);
      expect(rows[0]).toEqual(expect.arrayContaining(['ADDED', 'existing']));
      expect(rows.slice(2).map((r) => [r[0], r[1], r[2]])).toEqual([
        ['ADDED', 'live', '1'],
        ['MODIFIED', 'live', '1'],
        ['DELETED', 'live', '1'],
      ]);
      expect(tableRows(w.output())[0]).toEqual(['EVENT', 'NAME', 'DATA', 'AGE']);
    } finally {
      await w.stop();
    }
  });

  it('without --output-watch-events prints plain rows; a change in another namespace is not seen', async () => {
    const ns = await newNamespace('watch-plain');
    const elsewhere = await newNamespace('watch-elsewhere');
    const w = kubectlInBackground(['-n', ns, 'get', 'configmaps', '-w']);
    try {
      // The initial list (the namespace's kube-root-ca.crt) is printed first; the watch runs from its resourceVersion.
      await eventsSeen(w, 1);
      await kubectl(['-n', ns, 'create', 'configmap', 'first']);
      await kubectl(['-n', elsewhere, 'create', 'configmap', 'other-ns']);
      await kubectl(['-n', ns, 'create', 'configmap', 'second']);
      await eventsSeen(w, 3);
      const rows = tableRows(w.output());
      expect(rows[0]).toEqual(['NAME', 'DATA', 'AGE']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['kube-root-ca.crt', 'first', 'second']);
    } finally {
      await w.stop();
    }
  });

  it('get -w -A sees changes in every namespace with a NAMESPACE column', async () => {
    const a = await newNamespace('watch-all-a');
    const b = await newNamespace('watch-all-b');
    const w = kubectlInBackground(['get', 'configmaps', '-A', '-w', '--output-watch-events']);
    try {
      await poll(() => tableRows(w.output()).length >= 1, 10_000, 'header of the -A watch');
      const start = tableRows(w.output()).length;
      expect(tableRows(w.output())[0]).toEqual(['EVENT', 'NAMESPACE', 'NAME', 'DATA', 'AGE']);
      await kubectl(['-n', a, 'create', 'configmap', 'in-a']);
      await kubectl(['-n', b, 'create', 'configmap', 'in-b', '--from-literal=k=v']);
      await kubectl(['-n', a, 'delete', 'configmap', 'in-a']);
      const mine = await poll(() => {
        const rows = tableRows(w.output())
          .slice(start)
          // the initial list's rows (kube-root-ca.crt of each namespace) may print after the header: only this test's objects count
          .filter((r) => (r[1] === a || r[1] === b) && (r[2] === 'in-a' || r[2] === 'in-b'));
        return rows.length >= 3 ? rows : undefined;
      }, 10_000, `3 events in ${a}/${b}; got:\n${w.output()}`);
      expect(mine.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
        ['ADDED', a, 'in-a', '0'],
        ['ADDED', b, 'in-b', '1'],
        ['DELETED', a, 'in-a', '0'],
      ]);
    } finally {
      await w.stop();
    }
  });

  it('get -w on one object by name only sees that object', async () => {
    const ns = await newNamespace('watch-one');
    await kubectl(['-n', ns, 'create', 'configmap', 'target']);
    await kubectl(['-n', ns, 'create', 'configmap', 'bystander']);
    const w = kubectlInBackground(['-n', ns, 'get', 'configmap', 'target', '-w', '--output-watch-events']);
    try {
      await eventsSeen(w, 1);
      await kubectl(['-n', ns, 'label', 'configmap', 'bystander', 'x=1']);
      await kubectl(['-n', ns, 'label', 'configmap', 'target', 'x=1']);
      const rows = await eventsSeen(w, 2);
      expect(rows.map((r) => [r[0], r[1]])).toEqual([
        ['ADDED', 'target'],
        ['MODIFIED', 'target'],
      ]);
    } finally {
      await w.stop();
    }
  });

  it('get -w -l: an object that starts matching is ADDED, one that stops matching is DELETED', async () => {
    const ns = await newNamespace('watch-selector');
    await kubectl(['-n', ns, 'create', 'configmap', 'c']);
    const w = await kubectlWatching(['-n', ns, 'get', 'configmaps', '-l', 'pick=yes', '-w', '--output-watch-events']);
    try {
      await kubectl(['-n', ns, 'label', 'configmap', 'c', 'pick=yes']);
      await kubectl(['-n', ns, 'label', 'configmap', 'c', 'other=1']);
      await kubectl(['-n', ns, 'label', 'configmap', 'c', 'pick=no', '--overwrite']);
      await kubectl(['-n', ns, 'label', 'configmap', 'c', 'other=2', '--overwrite']);
      const rows = await eventsSeen(w, 3);
      expect(rows.map((r) => [r[0], r[1]])).toEqual([
        ['ADDED', 'c'],
        ['MODIFIED', 'c'],
        ['DELETED', 'c'],
      ]);
    } finally {
      await w.stop();
    }
  });

  it('get -w -o json streams whole objects', async () => {
    const ns = await newNamespace('watch-json');
    const w = await kubectlWatching(['-n', ns, 'get', 'configmaps', '-w', '-o', 'json']);
    try {
      // one indented JSON document per object: first the namespace's kube-root-ca.crt from the initial list
      const objects = () => w.output().split(/\n(?=\{)/).flatMap((text) => {
        try {
          return [JSON.parse(text)];
        } catch {
          return [];
        }
      });
      await poll(() => objects().length >= 1, 10_000, `the initial list; got ${w.output()}`);
      await kubectl(['-n', ns, 'create', 'configmap', 'j', '--from-literal=k=v']);
      const [first, obj] = await poll(() => (objects().length >= 2 ? objects() : undefined), 10_000, `two JSON objects; got ${w.output()}`);
      expect(first.metadata.name).toBe('kube-root-ca.crt');
      expect(obj).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'j', namespace: ns }, data: { k: 'v' } });
    } finally {
      await w.stop();
    }
  });

  it('deleting the namespace sends DELETED for what was in it', async () => {
    const ns = await newNamespace('watch-ns-delete');
    await kubectl(['-n', ns, 'create', 'configmap', 'doomed']);
    const w = kubectlInBackground(['-n', ns, 'get', 'configmaps', '-w', '--output-watch-events']);
    try {
      await eventsSeen(w, 2);
      await kubectl(['delete', 'namespace', ns, '--wait=false']);
      // kube-root-ca.crt goes with the rest, and is not published again in a Terminating namespace
      const rows = await eventsSeen(w, 4, 20_000);
      expect(rows.slice(0, 2).map((r) => [r[0], r[1]])).toEqual([
        ['ADDED', 'doomed'],
        ['ADDED', 'kube-root-ca.crt'],
      ]);
      expect(rows.slice(2).map((r) => [r[0], r[1]]).sort()).toEqual([
        ['DELETED', 'doomed'],
        ['DELETED', 'kube-root-ca.crt'],
      ]);
    } finally {
      await w.stop();
    }
  });
});
