import { describe, expect, it } from 'vitest';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { behaviourWithCommand, simulateCommand, type SimulatedProcess } from '../../../shared/nodes/container-command';
import { busyboxDate, logLines } from '../../../shared/nodes/container-logs';
import { buildNode } from '../../../shared/nodes/node-builder';
import { runPod } from './run-pod';

const T0 = Date.UTC(2025, 0, 1);

function pod(c: Partial<Container>, spec: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u1', annotations },
    spec: { nodeName: 'pool-0', containers: [{ name: 'c', image: 'busybox', ...c }], ...spec },
  };
}

function sim(c: Partial<Container>, spec: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): SimulatedProcess | undefined {
  const p = pod(c, spec, annotations);
  return simulateCommand(p, p.spec!.containers[0]!);
}

describe('simulateCommand: what a command does', () => {
  const rows: [string, Partial<Container>, SimulatedProcess | undefined][] = [
    ['sleep N', { command: ['sleep', '2'] }, { runSeconds: 2, exitCode: 0, output: [] }],
    ['sleep with suffix and fraction', { command: ['sleep', '1m', '0.5'] }, { runSeconds: 60.5, exitCode: 0, output: [] }],
    ['sleep infinity never exits', { command: ['sleep', 'infinity'] }, { exitCode: 0, output: [] }],
    ['args alone (kubectl run -- echo hi)', { args: ['echo', 'hi'] }, { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: 'hi' }] }],
    ['echo joins its arguments', { command: ['/bin/echo', 'a', 'b  c'] }, { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: 'a b  c' }] }],
    ['echo -e splits at \\n', { command: ['echo', '-e', 'a\\nb'] }, { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: 'a' }, { atSeconds: 0, text: 'b' }] }],
    ['true', { command: ['true'] }, { runSeconds: 0, exitCode: 0, output: [] }],
    ['false', { command: ['false'] }, { runSeconds: 0, exitCode: 1, output: [] }],
    ['exit N outside a shell', { command: ['exit', '3'] }, { runSeconds: 0, exitCode: 3, output: [] }],
    ['sh -c with ; and exit', { command: ['sh', '-c', 'echo start; sleep 5; echo done; exit 7'] },
      { runSeconds: 5, exitCode: 7, output: [{ atSeconds: 0, text: 'start' }, { atSeconds: 5, text: 'done' }] }],
    ['/bin/sh -c: && stops at a failure, the script fails', { command: ['/bin/sh', '-c', 'false && echo never'] }, { runSeconds: 0, exitCode: 1, output: [] }],
    ['|| runs after a failure', { command: ['sh', '-c', 'false || echo rescued'] }, { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: 'rescued' }] }],
    ['; runs after a failure, the last status counts', { command: ['sh', '-c', 'false; true'] }, { runSeconds: 0, exitCode: 0, output: [] }],
    ['exit wraps at 256', { command: ['sh', '-c', 'exit 257'] }, { runSeconds: 0, exitCode: 1, output: [] }],
    ['bare exit keeps the last status', { command: ['sh', '-c', 'false; exit'] }, { runSeconds: 0, exitCode: 1, output: [] }],
    ['newlines, comments and quotes', { command: ['sh', '-c', "# greet\necho 'a;b' \"c && d\"\nsleep 1"] },
      { runSeconds: 1, exitCode: 0, output: [{ atSeconds: 0, text: 'a;b c && d' }] }],
    ['command then args', { command: ['sh', '-c'], args: ['sleep 2 && exit 4'] }, { runSeconds: 2, exitCode: 4, output: [] }],
    ['$VAR and ${VAR} from env', { command: ['sh', '-c', 'echo "i=$I" ${I}x $UNSET.'], env: [{ name: 'I', value: '3' }] },
      { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: 'i=3 3x .' }] }],
    ['single quotes keep $ literal', { command: ['sh', '-c', "echo '$I'"], env: [{ name: 'I', value: '3' }] },
      { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: '$I' }] }],
    ['kubelet $(VAR) expansion; unknown stays', { command: ['echo', '$(I)', '$(NOPE)', '$$(I)'], env: [{ name: 'I', value: '3' }] },
      { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, text: '3 $(NOPE) $(I)' }] }],
    ['date', { command: ['sh', '-c', 'date; echo Hello from the Kubernetes cluster'] },
      { runSeconds: 0, exitCode: 0, output: [{ atSeconds: 0, date: true }, { atSeconds: 0, text: 'Hello from the Kubernetes cluster' }] }],
    ['cat of a path nothing mounts fails', { command: ['cat', '/etc/x'] },
      { runSeconds: 0, exitCode: 1, output: [{ atSeconds: 0, text: "cat: can't open '/etc/x': No such file or directory" }] }],
    ['no command: runs as the profile says', {}, undefined],
    ['an unknown program', { command: ['nginx', '-g', 'daemon off;'] }, undefined],
    ['a pipe', { command: ['sh', '-c', 'echo hi | tee x'] }, undefined],
    ['a redirection', { command: ['sh', '-c', 'echo hi > /tmp/x'] }, undefined],
    ['a command substitution', { command: ['sh', '-c', 'echo $(date)'] }, undefined],
    ['an unknown command inside a script', { command: ['sh', '-c', 'echo a; wget x'] }, undefined],
    ['sleep of a bad duration', { command: ['sleep', 'soon'] }, undefined],
    ['an unterminated quote', { command: ['sh', '-c', 'echo "hi'] }, undefined],
    ['a leading &&', { command: ['sh', '-c', '&& echo hi'] }, undefined],
    ['a trailing &&', { command: ['sh', '-c', 'echo hi &&'] }, undefined],
    ['sh without -c', { command: ['sh', 'script.sh'] }, undefined],
  ];
  it.each(rows)('%s', (_name, c, want) => {
    expect(sim(c)).toEqual(want);
  });

  it('env from fieldRef: the Job completion index annotation and the pod name', () => {
    const p = pod({
      command: ['sh', '-c', 'echo $JOB_COMPLETION_INDEX $NAME $HOSTNAME'],
      env: [
        { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
        { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
    }, { hostname: 'job-2' }, { 'batch.kubernetes.io/job-completion-index': '2' });
    expect(simulateCommand(p, p.spec!.containers[0]!)!.output).toEqual([{ atSeconds: 0, text: '2 p job-2' }]);
  });

  it('cat of a mounted ConfigMap key: whole-volume, items and subPath mounts', () => {
    const volumes = [
      { name: 'cfg', configMap: { name: 'app-config' } },
      { name: 'items', configMap: { name: 'other', items: [{ key: 'k', path: 'nested/file.txt' }] } },
    ];
    const mounts = [
      { name: 'cfg', mountPath: '/etc/config/' },
      { name: 'items', mountPath: '/data' },
      { name: 'cfg', mountPath: '/app/settings.ini', subPath: 'settings' },
    ];
    const got = sim({ command: ['cat', '/etc/config/greeting', '/data/nested/file.txt', '/app/settings.ini', '/data/k'], volumeMounts: mounts }, { volumes });
    expect(got).toEqual({
      runSeconds: 0,
      exitCode: 1,
      output: [
        { atSeconds: 0, file: { path: '/etc/config/greeting', configMap: 'app-config', key: 'greeting' } },
        { atSeconds: 0, file: { path: '/data/nested/file.txt', configMap: 'other', key: 'k' } },
        { atSeconds: 0, file: { path: '/app/settings.ini', configMap: 'app-config', key: 'settings' } },
        { atSeconds: 0, text: "cat: can't open '/data/k': No such file or directory" },
      ],
    });
  });
});

describe('behaviourWithCommand: the command decides the exit', () => {
  it('overrides the profile exit settings, keeps the rest', () => {
    const p = pod({ command: ['sh', '-c', 'sleep 3; exit 2'] });
    expect(behaviourWithCommand(p, p.spec!.containers[0]!, { exitAfterSeconds: 99, exitCode: 0, startupSeconds: 4 })).toEqual({ exitAfterSeconds: 3, exitCode: 2, startupSeconds: 4 });
  });
  it('sleep infinity drops an exit the profile set', () => {
    const p = pod({ command: ['sleep', 'infinity'] });
    expect(behaviourWithCommand(p, p.spec!.containers[0]!, { exitAfterSeconds: 1, exitCode: 0 })).toEqual({});
  });
  it('an unrecognised command leaves the profile alone', () => {
    const p = pod({ command: ['nginx'] });
    expect(behaviourWithCommand(p, p.spec!.containers[0]!, { exitAfterSeconds: 1 })).toEqual({ exitAfterSeconds: 1 });
  });
});

describe('the kubelet and kubectl logs run the command', () => {
  const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/busybox:latest'], sizeBytes: 4_000_000 }] } }, 0);
  const steps = (p: Pod, times: number[]) => runPod(p, node, T0, times).map((r) => r.pod);

  it('sleep 2 with restartPolicy Never: Running, then Succeeded 2 s after the start', () => {
    const [, running, done] = steps(pod({ command: ['sleep', '2'], imagePullPolicy: 'IfNotPresent' }, { restartPolicy: 'Never' }), [0, 1000, 3000]);
    expect(running!.status!.phase).toBe('Running');
    expect(done!.status!.phase).toBe('Succeeded');
    const term = done!.status!.containerStatuses![0]!.state!.terminated!;
    expect(term).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(Date.parse(term.finishedAt!) - Date.parse(term.startedAt!)).toBe(2000);
  });

  it('false with restartPolicy Never: Failed with exit code 1', () => {
    const [, done] = steps(pod({ command: ['false'], imagePullPolicy: 'IfNotPresent' }, { restartPolicy: 'Never' }), [0, 1000]);
    expect(done!.status!.phase).toBe('Failed');
    expect(done!.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('echo hi: Succeeded at once and logs "hi"', () => {
    const [, done] = steps(pod({ args: ['echo', 'hi'], imagePullPolicy: 'IfNotPresent' }, { restartPolicy: 'Never' }), [0, 1000]);
    expect(done!.status!.phase).toBe('Succeeded');
    expect(logLines(done!, 'c', undefined, T0 + 5000)).toBe('hi\n');
  });

  it('logs follow the script over time; cat renders the ConfigMap key; date prints the time', () => {
    const p = pod({
      command: ['sh', '-c', 'date; echo one; sleep 10; cat /cfg/motd; echo two'],
      volumeMounts: [{ name: 'v', mountPath: '/cfg' }],
    }, { volumes: [{ name: 'v', configMap: { name: 'cm' } }] });
    const started = { ...p, status: { containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }] } };
    const files = (f: { configMap: string; key: string }) => (f.configMap === 'cm' && f.key === 'motd' ? 'line 1\nline 2\n' : undefined);
    expect(logLines(started, 'c', undefined, T0 + 5000, {}, files)).toBe('Wed Jan  1 00:00:00 UTC 2025\none\n');
    expect(logLines(started, 'c', undefined, T0 + 10_000, {}, files)).toBe('Wed Jan  1 00:00:00 UTC 2025\none\nline 1\nline 2\ntwo\n');
    expect(logLines(started, 'c', undefined, T0 + 10_000, { tailLines: 2 }, files)).toBe('line 2\ntwo\n');
    expect(logLines(started, 'c', undefined, T0 + 10_000, { sinceSeconds: 3 }, files)).toBe('line 1\nline 2\ntwo\n');
  });

  it('busyboxDate pads the day', () => {
    expect(busyboxDate(Date.UTC(2024, 1, 29, 13, 5, 9))).toBe('Thu Feb 29 13:05:09 UTC 2024');
  });
});
