import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  containerNotRunningStatus,
  decodeFrame,
  encodeFrame,
  execStartFailedStatus,
  exitCodeStatus,
  negotiateStreamProtocol,
  parseStreamOptions,
  successStatus,
} from '../../../shared/nodes/exec-protocol';
import { runningContainer, streamTarget } from '../../../shared/nodes/exec-target';
import { ttyInput, ttyOutput } from '../../../shared/nodes/exec-tty';

describe('remotecommand WebSocket framing', () => {
  it('a frame is the channel byte then the data', () => {
    expect([...encodeFrame(1, 'hi')]).toEqual([1, 104, 105]);
    expect([...encodeFrame(1)]).toEqual([1]);
  });

  it('v5 reads [255, channel] as the close of that channel; v4 has no close signal', () => {
    expect(decodeFrame(Uint8Array.from([255, 0]), 'v5.channel.k8s.io')).toEqual({ close: 0 });
    expect(decodeFrame(Uint8Array.from([255, 0]), 'v4.channel.k8s.io')).toEqual({ channel: 255, data: Uint8Array.from([0]) });
    expect(decodeFrame(Uint8Array.from([0, 104, 105]), 'v5.channel.k8s.io')).toEqual({ channel: 0, data: Uint8Array.from([104, 105]) });
    expect(decodeFrame(new Uint8Array(), 'v5.channel.k8s.io')).toBeUndefined();
  });

  it('negotiates v5 first, then v4; nothing else', () => {
    expect(negotiateStreamProtocol('v5.channel.k8s.io')).toBe('v5.channel.k8s.io');
    expect(negotiateStreamProtocol('v4.channel.k8s.io, v5.channel.k8s.io')).toBe('v5.channel.k8s.io');
    expect(negotiateStreamProtocol('v4.channel.k8s.io,channel.k8s.io')).toBe('v4.channel.k8s.io');
    expect(negotiateStreamProtocol('base64.channel.k8s.io')).toBeUndefined();
    expect(negotiateStreamProtocol(null)).toBeUndefined();
  });

  it('the error channel Status JSON as Go marshals metav1.Status', () => {
    expect(JSON.stringify(successStatus())).toBe('{"metadata":{},"status":"Success"}');
    expect(JSON.stringify(exitCodeStatus(3))).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
    expect(execStartFailedStatus('ab12', 'OCI runtime exec failed: x: unknown').message).toBe(
      'Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "ab12": OCI runtime exec failed: x: unknown',
    );
    expect(containerNotRunningStatus('exec', 'app', 'web', 'default').message).toBe('Internal error occurred: unable to upgrade connection: container not found ("app")');
    expect(containerNotRunningStatus('attach', 'app', 'web', 'default').message).toBe('Internal error occurred: unable to upgrade connection: container app not found in pod web_default');
  });
});

describe('exec options', () => {
  it('booleans as upstream converts query values; command repeats', () => {
    const o = parseStreamOptions(new URLSearchParams('command=sh&command=-c&command=echo+hi&container=app&stdin=true&stdout=1&stderr=false&tty=0'));
    expect(o).toEqual({ stdin: true, stdout: true, stderr: false, tty: false, container: 'app', command: ['sh', '-c', 'echo hi'] });
  });
  it('refuses a tty with stderr, and no stream at all (400)', () => {
    expect(() => parseStreamOptions(new URLSearchParams('tty=true&stderr=true&stdout=true'))).toThrow('specifying both TTY and stderr is invalid');
    expect(() => parseStreamOptions(new URLSearchParams('command=ls'))).toThrow('you must specify at least 1 of stdin, stdout, stderr');
  });
});

describe('streamTarget: the container, as the apiserver checks it before upgrading', () => {
  const pod = (containers: string[], init: string[] = [], nodeName: string | null = 'n1'): Pod => ({
    metadata: { name: 'web' },
    spec: { nodeName: nodeName ?? undefined, containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
  });
  it.each<[string, Pod, string | undefined, string]>([
    ['the only container', pod(['app']), undefined, 'app'],
    ['a named init container', pod(['app'], ['setup']), 'setup', 'setup'],
  ])('%s', (_n, p, c, want) => expect(streamTarget(p, c)).toBe(want));
  it.each<[string, Pod, string | undefined, string]>([
    ['an unknown container', pod(['app']), 'nope', 'container nope is not valid for pod web'],
    ['several containers, none named', pod(['a', 'b'], ['i']), undefined, 'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]'],
    ['not scheduled', pod(['app'], [], null), undefined, 'pod web does not have a host assigned'],
  ])('%s is a 400', (_n, p, c, msg) => {
    expect(() => streamTarget(p, c)).toThrow(msg);
    try {
      streamTarget(p, c);
    } catch (e) {
      expect((e as { code: number }).code).toBe(400);
    }
  });
  it('only a running container takes an exec', () => {
    const p: Pod = { ...pod(['app']), status: { containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } };
    expect(runningContainer(p, 'app')).toBeUndefined();
    p.status!.containerStatuses![0]!.state = { running: { startedAt: '2025-01-01T00:00:00Z' } };
    expect(runningContainer(p, 'app')?.name).toBe('app');
  });
});

describe('the simulated terminal', () => {
  it('echoes typed characters, ends lines on CR, erases with DEL, ends input with Ctrl-D on an empty line', () => {
    expect(ttyInput('', 'ls\r')).toEqual({ echo: 'ls\r\n', lines: ['ls'], pending: '', eof: false });
    expect(ttyInput('ec', 'hx\x7fo')).toEqual({ echo: 'hx\b \bo', lines: [], pending: 'echo', eof: false });
    expect(ttyInput('', '\x04')).toEqual({ echo: '', lines: [], pending: '', eof: true });
    expect(ttyInput('abc', '\x04')).toEqual({ echo: '', lines: [], pending: 'abc', eof: false });
    expect(ttyOutput('a\nb\n')).toBe('a\r\nb\r\n');
  });
});
