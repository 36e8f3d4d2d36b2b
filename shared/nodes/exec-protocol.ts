// The remotecommand streaming protocol over WebSocket (k8s.io/apimachinery/pkg/util/remotecommand,
// .../httpstream/wsstream): every binary message is one channel byte then data. kubectl 1.32 offers
// only v5.channel.k8s.io, which adds the CLOSE signal [255, channel] for half-closing stdin; v4 is
// the same framing without it (what older clients and @kubernetes/client-node speak).
import { badRequest } from '../api/errors';

export const STREAM_PROTOCOL_V5 = 'v5.channel.k8s.io';
export const STREAM_PROTOCOL_V4 = 'v4.channel.k8s.io';

export const CHANNEL_STDIN = 0;
export const CHANNEL_STDOUT = 1;
export const CHANNEL_STDERR = 2;
/** Carries one JSON metav1.Status when the command ends. */
export const CHANNEL_ERROR = 3;
/** Terminal sizes, JSON `{"Width":…,"Height":…}`. */
export const CHANNEL_RESIZE = 4;
/** v5: `[255, channel]` closes that channel (stdin reached EOF). */
export const STREAM_CLOSE = 255;

/** The subprotocol the server answers with: v5, else v4, else none (the upgrade is refused). */
export function negotiateStreamProtocol(offered: string | null): string | undefined {
  const list = (offered ?? '').split(',').map((p) => p.trim());
  return [STREAM_PROTOCOL_V5, STREAM_PROTOCOL_V4].find((p) => list.includes(p));
}

/** One message on `channel`. */
export function encodeFrame(channel: number, data: Uint8Array | string = new Uint8Array()): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(bytes.length + 1);
  out[0] = channel;
  out.set(bytes, 1);
  return out;
}

/** A message from the client: data on a channel, or (v5) the close of one. */
export type ClientFrame = { channel: number; data: Uint8Array } | { close: number };

/** Reads one binary message; undefined for an empty one. */
export function decodeFrame(message: Uint8Array, protocol: string): ClientFrame | undefined {
  if (message.length === 0) return undefined;
  if (protocol === STREAM_PROTOCOL_V5 && message[0] === STREAM_CLOSE && message.length >= 2) return { close: message[1]! };
  return { channel: message[0]!, data: message.subarray(1) };
}

/** The streams a pods/exec or pods/attach request asks for (PodExecOptions / PodAttachOptions). */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  container?: string;
  /** exec only. */
  command: string[];
}

/** Query booleans as upstream converts them (runtime.Convert_Slice_string_To_bool): absent, "0", "false" are false. */
function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * The options of an exec or attach request, refused as the stream translator does
 * (proxy.ValidateOptions): a terminal with a separate stderr, or no stream at all.
 */
export function parseStreamOptions(q: URLSearchParams): StreamOptions {
  const o: StreamOptions = {
    stdin: bool(q, 'stdin'),
    stdout: bool(q, 'stdout'),
    stderr: bool(q, 'stderr'),
    tty: bool(q, 'tty'),
    container: q.get('container') || undefined,
    command: q.getAll('command'),
  };
  if (o.tty && o.stderr) throw badRequest('specifying both TTY and stderr is invalid');
  if (!o.stdin && !o.stdout && !o.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return o;
}

/** metav1.Status as the error channel carries it (Go's json.Marshal of the struct: no kind, empty metadata). */
export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

/** The command exited 0 (or an attach ended). */
export function successStatus(): StreamStatus {
  return { metadata: {}, status: 'Success' };
}

/**
 * The command exited non-zero: kubectl reads the ExitCode cause, prints "command terminated with exit
 * code N" and exits N. The message is the stream translator's, around the SPDY client's error.
 */
export function exitCodeStatus(code: number): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** apierrors.NewInternalError(err): what the stream translator reports for any other failure. */
export function internalErrorStatus(err: string): StreamStatus {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${err}`, reason: 'InternalError', details: { causes: [{ message: err }] }, code: 500 };
}

/**
 * An exec the runtime could not start, as kubectl 1.32 shows it from a containerd node: the CRI
 * server's internal error, relayed by the apiserver's stream translator as a second one.
 */
export function execStartFailedStatus(execId: string, runtimeError: string): StreamStatus {
  const cri = `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": ${runtimeError}`;
  return internalErrorStatus(cri);
}

/**
 * The kubelet cannot find a running container: its error to the translator's SPDY upgrade
 * (kubelet GetExec / GetAttach), reported on the error channel.
 */
export function containerNotRunningStatus(kind: 'exec' | 'attach', container: string, pod: string, namespace: string): StreamStatus {
  const kubelet = kind === 'exec' ? `container not found (${JSON.stringify(container)})` : `container ${container} not found in pod ${pod}_${namespace}`;
  return internalErrorStatus(`unable to upgrade connection: ${kubelet}`);
}
