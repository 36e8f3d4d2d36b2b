// kubectl defects a newcomer met (issue 16), each shown as a real kubectl run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap } from './support/fixtures';
import { kubectl, kubectlWatching, manifest, newNamespace, poll, tableRows } from './support/kubectl';

let ns: string;
beforeAll(async () => {
  ns = await newNamespace('defects');
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
});

/** AGE cells below two minutes are whole seconds ("7s"). */
const seconds = (age: string) => {
  const m = /^(\d+)s$/.exec(age);
  if (!m) throw new Error(`AGE ${age} is not in seconds`);
  return Number(m[1]);
};

describe('kubectl get -w', () => {
  it('prints each event with its AGE as of the event, not of the watch start', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(configMap('aging', { a: '1' })) });
    const w = await kubectlWatching(['-n', ns, 'get', 'configmap', 'aging', '-w']);
    try {
      await poll(() => tableRows(w.output()).length >= 2, 5000, 'the first row');
      const first = tableRows(w.output())[1]!;
      await new Promise((r) => setTimeout(r, 3000)); // AGE is wall time: let three seconds pass
      await kubectl(['-n', ns, 'label', 'configmap', 'aging', 'changed=yes']);
      await poll(() => tableRows(w.output()).length >= 3, 5000, 'the row of the MODIFIED event');
      const later = tableRows(w.output())[2]!;
      expect(first[0]).toBe('aging');
      expect(later[0]).toBe('aging');
      expect(seconds(later.at(-1)!) - seconds(first.at(-1)!)).toBeGreaterThanOrEqual(2);
    } finally {
      await w.stop();
    }
  });
});
