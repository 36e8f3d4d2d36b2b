import { describe, expect, it } from 'vitest';
import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { execEnvironment, linkedServices, serviceEnvVars } from '../../../shared/nodes/exec-env';
import { planExec, planShellLine, runsInteractiveShell, type ExecContext } from '../../../shared/nodes/exec-shell';
import { printfText } from '../../../shared/nodes/exec-printf';

const T0 = Date.UTC(2025, 0, 1);

const container: Container = {
  name: 'app',
  image: 'busybox',
  env: [
    { name: 'GREETING', value: 'hello' },
    { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'other' } } },
    { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  ],
  envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
  volumeMounts: [
    { name: 'c', mountPath: '/etc/config' },
    { name: 's', mountPath: '/etc/secret' },
    { name: 'one', mountPath: '/app/settings.json', subPath: 'settings' },
  ],
};

const pod: Pod = {
  metadata: { name: 'web-0', namespace: 'default' },
  spec: {
    nodeName: 'pool-0',
    containers: [container],
    volumes: [
      { name: 'c', configMap: { name: 'cfg' } },
      { name: 's', secret: { secretName: 'sec' } },
      { name: 'one', configMap: { name: 'cfg', items: [{ key: 'json', path: 'settings' }] } },
    ],
  },
  status: { podIP: '10.244.0.7' },
};

const cfg: ConfigMap = { metadata: { name: 'cfg' }, data: { key: 'the value\n', other: 'x', json: '{}' } };
const sec: Secret = { metadata: { name: 'sec' }, data: { password: btoa('hunter2') } };
const objects = { configMaps: new Map([['cfg', cfg]]), secrets: new Map([['sec', sec]]) };

// the master Service as the apiserver creates it (port named https)
const kubernetes: Service = { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } };

function ctx(): ExecContext {
  return { pod, container, objects, env: execEnvironment(pod, container, objects, serviceEnvVars([kubernetes])), now: T0 };
}

describe('planExec: what a command run in a container prints', () => {
  const rows: [string, string[], unknown][] = [
    ['echo', ['echo', 'hi', 'there'], { steps: [{ out: 'hi there\n' }], exitCode: 0 }],
    ['echo -n', ['echo', '-n', 'hi'], { steps: [{ out: 'hi' }], exitCode: 0 }],
    ['sh -c with exit', ['sh', '-c', 'echo a; exit 3'], { steps: [{ out: 'a\n' }], exitCode: 3, exited: true }],
    ['&& stops after a failure, || rescues', ['/bin/sh', '-c', 'false && echo no || echo yes'], { steps: [{ out: 'yes\n' }], exitCode: 0 }],
    ['$VAR from the env in a script', ['sh', '-c', 'echo "$GREETING from $HOSTNAME"'], { steps: [{ out: 'hello from web-0\n' }], exitCode: 0 }],
    ['cat of a mounted ConfigMap key', ['cat', '/etc/config/key'], { steps: [{ out: 'the value\n' }], exitCode: 0 }],
    ['cat of a mounted Secret key is decoded', ['cat', '/etc/secret/password'], { steps: [{ out: 'hunter2' }], exitCode: 0 }],
    ['cat of an item mounted with subPath', ['cat', '/app/settings.json'], { steps: [{ out: '{}' }], exitCode: 0 }],
    ['cat of a missing file', ['cat', '/etc/config/nope'], { steps: [{ err: "cat: can't open '/etc/config/nope': No such file or directory\n" }], exitCode: 1 }],
    ['cat of a directory', ['cat', '/etc/config'], { steps: [{ err: 'cat: read error: Is a directory\n' }], exitCode: 1 }],
    ['cat without a file copies stdin', ['cat'], { steps: [{ stdin: 'copy' }], exitCode: 0 }],
    ['sh without -c reads its script from stdin', ['sh'], { steps: [{ stdin: 'shell' }], exitCode: 0 }],
    ['ls of a mounted ConfigMap lists its keys', ['ls', '/etc/config'], { steps: [{ out: 'json\nkey\nother\n' }], exitCode: 0 }],
    ['ls of a parent of mounts', ['ls', '/etc'], { steps: [{ out: 'config\nsecret\n' }], exitCode: 0 }],
    ['ls of an unknown path', ['ls', '/nope'], { steps: [{ err: 'ls: /nope: No such file or directory\n' }], exitCode: 1 }],
    ['hostname', ['hostname'], { steps: [{ out: 'web-0\n' }], exitCode: 0 }],
    ['printenv of set and unset names', ['printenv', 'GREETING', 'NOPE'], { steps: [{ out: 'hello\n' }], exitCode: 1 }],
    ['printenv of a secretKeyRef', ['printenv', 'PASSWORD'], { steps: [{ out: 'hunter2\n' }], exitCode: 0 }],
    ['env A=1 runs a command with A set', ['env', 'A=1', 'printenv', 'A'], { steps: [{ out: '1\n' }], exitCode: 0 }],
    ['sleep', ['sleep', '2'], { steps: [{ sleep: 2 }], exitCode: 0 }],
    ['sleep infinity', ['sleep', 'infinity'], { steps: [{ sleep: Infinity }], exitCode: 0 }],
    ['sleep of a bad number', ['sleep', 'x'], { steps: [{ err: "sleep: invalid number 'x'\n" }], exitCode: 1 }],
    ['date in busybox format', ['date'], { steps: [{ out: 'Wed Jan  1 00:00:00 UTC 2025\n' }], exitCode: 0 }],
    ['an unknown command in sh', ['sh', '-c', 'foo bar'], { steps: [{ err: 'sh: foo: not found\n' }], exitCode: 127 }],
    ['a pipe is not simulated', ['sh', '-c', 'ls | wc -l'], { steps: [{ err: 'sh: the simulated shell runs no pipes, redirections, subshells or substitutions\n' }], exitCode: 2 }],
  ];
  it.each(rows)('%s', (_name, argv, want) => {
    expect(planExec(ctx(), argv)).toEqual(want);
  });

  it('a program the image lacks: runc refuses to start it, as containerd reports', () => {
    expect(planExec(ctx(), ['foo'])).toEqual({
      runtimeError: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown',
    });
    expect(planExec(ctx(), ['/opt/tool'])).toEqual({
      runtimeError: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "/opt/tool": stat /opt/tool: no such file or directory: unknown',
    });
    // exit is a shell builtin, not a program
    expect(planExec(ctx(), ['exit', '3'])).toHaveProperty('runtimeError');
  });

  it('env: PATH, HOSTNAME, service links, envFrom with prefix, env (resolved), HOME', () => {
    const plan = planExec(ctx(), ['env']);
    expect(plan).toEqual({
      exitCode: 0,
      steps: [{
        out: [
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'HOSTNAME=web-0',
          'KUBERNETES_SERVICE_HOST=10.96.0.1',
          'KUBERNETES_SERVICE_PORT=443',
          'KUBERNETES_SERVICE_PORT_HTTPS=443',
          'KUBERNETES_PORT=tcp://10.96.0.1:443',
          'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
          'KUBERNETES_PORT_443_TCP_PROTO=tcp',
          'KUBERNETES_PORT_443_TCP_PORT=443',
          'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
          'CFG_key=the value\n',
          'CFG_other=x',
          'CFG_json={}',
          'GREETING=hello',
          'FROM_CM=x',
          'PASSWORD=hunter2',
          'POD_IP=10.244.0.7',
          'HOME=/root',
        ].join('\n') + '\n',
      }],
    });
  });

  it("a pod on the host's network sees the node's hostname (kubectl debug node/…), in hostname and $HOSTNAME", () => {
    const host: Pod = { ...pod, spec: { ...pod.spec!, hostNetwork: true } };
    const c = { ...ctx(), pod: host, env: execEnvironment(host, container, objects, []) };
    expect(planExec(c, ['sh', '-c', 'hostname; echo $HOSTNAME'])).toEqual({ steps: [{ out: 'pool-0\n' }, { out: 'pool-0\n' }], exitCode: 0 });
  });

  it('an interactive shell line keeps the last status and ends on exit', () => {
    expect(planShellLine(ctx(), 'false', 0)).toEqual({ steps: [], exitCode: 1 });
    expect(planShellLine(ctx(), 'exit', 1)).toEqual({ steps: [], exitCode: 1, exited: true });
    expect(planShellLine(ctx(), '', 5)).toEqual({ steps: [], exitCode: 5 });
  });
});

describe('runsInteractiveShell: attach talks to a shell reading stdin', () => {
  it.each<[string, Partial<Container>, boolean]>([
    ['kubectl run -it -- sh', { image: 'nginx', args: ['sh'] }, true],
    ['/bin/bash as the command', { image: 'ubuntu', command: ['/bin/bash'] }, true],
    ['sh -c runs a script, not stdin', { image: 'busybox', command: ['sh', '-c', 'sleep 1'] }, false],
    ["busybox's default command is sh", { image: 'docker.io/library/busybox:1.36' }, true],
    ["alpine's default command is /bin/sh", { image: 'alpine' }, true],
    ["nginx's default command is not a shell", { image: 'nginx:1.27' }, false],
  ])('%s', (_n, c, want) => expect(runsInteractiveShell({ name: 'c', ...c })).toBe(want));
});

describe('service links (pkg/kubelet/envvars FromServices)', () => {
  it('named ports, headless services skipped, enableServiceLinks false keeps only the master service', () => {
    const web: Service = { metadata: { name: 'my-web' }, spec: { clusterIP: '10.96.3.4', ports: [{ port: 80 }, { name: 'metrics', port: 9090, protocol: 'UDP' }] } };
    const headless: Service = { metadata: { name: 'db' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } };
    expect(serviceEnvVars([web, headless])).toEqual([
      ['MY_WEB_SERVICE_HOST', '10.96.3.4'],
      ['MY_WEB_SERVICE_PORT', '80'],
      ['MY_WEB_SERVICE_PORT_METRICS', '9090'],
      ['MY_WEB_PORT', 'tcp://10.96.3.4:80'],
      ['MY_WEB_PORT_80_TCP', 'tcp://10.96.3.4:80'],
      ['MY_WEB_PORT_80_TCP_PROTO', 'tcp'],
      ['MY_WEB_PORT_80_TCP_PORT', '80'],
      ['MY_WEB_PORT_80_TCP_ADDR', '10.96.3.4'],
      ['MY_WEB_PORT_9090_UDP', 'udp://10.96.3.4:9090'],
      ['MY_WEB_PORT_9090_UDP_PROTO', 'udp'],
      ['MY_WEB_PORT_9090_UDP_PORT', '9090'],
      ['MY_WEB_PORT_9090_UDP_ADDR', '10.96.3.4'],
    ]);
    const noLinks: Pod = { ...pod, spec: { ...pod.spec!, enableServiceLinks: false } };
    expect(linkedServices(noLinks, [web], kubernetes).map((s) => s.metadata!.name)).toEqual(['kubernetes']);
    expect(linkedServices(pod, [web], kubernetes).map((s) => s.metadata!.name)).toEqual(['kubernetes', 'my-web']);
  });
});

describe('printf', () => {
  it.each([
    ['%s=%d\\n', ['a', '1', 'b', '2'], 'a=1\nb=2\n'],
    ['%5s|%-3s|%03d\\n', ['x', 'y', '7'], '    x|y  |007\n'],
    ['100%%\\n', [], '100%\n'],
    ['%x %o %c\\n', ['255', '8', 'zed'], 'ff 10 z\n'],
  ])('printf %j %j', (format, args, want) => {
    expect(printfText(format, args)).toBe(want);
  });
});
