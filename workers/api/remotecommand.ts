import {
  CHANNEL_ERROR,
  CHANNEL_STDERR,
  CHANNEL_STDIN,
  CHANNEL_STDOUT,
  decodeFrame,
  encodeFrame,
  internalErrorStatus,
  type StreamOptions,
  type StreamStatus,
} from '../../shared/nodes/exec-protocol';
import { realClock } from '../../shared/clock/clock';

/**
 * The server side of one remotecommand WebSocket (exec or attach): writes stdout/stderr frames,
 * delivers stdin, and ends with the Status on the error channel and a normal close, which is what
 * lets kubectl's stream readers reach EOF without an error.
 */
export class RemoteCommandSession {
  private readonly stdinChunks: string[] = [];
  private stdinEnded = false;
  private wake: (() => void) | undefined;
  closed = false;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly ws: WebSocket,
    private readonly protocol: string,
    readonly opts: StreamOptions,
  ) {
    ws.accept();
    ws.addEventListener('message', (e) => this.onMessage(e.data));
    ws.addEventListener('close', () => this.onGone());
    ws.addEventListener('error', () => this.onGone());
    if (!opts.stdin) this.stdinEnded = true;
  }

  /** The translator's "connection established" notice: an empty frame on the lowest writable channel. */
  established(): void {
    const o = this.opts;
    this.send(o.stdout ? CHANNEL_STDOUT : o.stderr ? CHANNEL_STDERR : CHANNEL_ERROR, '');
  }

  /** Messages are handled in arrival order, though reading a Blob's bytes is asynchronous. */
  private inbox: Promise<void> = Promise.resolve();

  private onMessage(data: unknown): void {
    this.inbox = this.inbox.then(async () => this.onBytes(await bytesOf(data)));
  }

  private onBytes(bytes: Uint8Array): void {
    const f = decodeFrame(bytes, this.protocol);
    if (!f) return;
    if ('close' in f) {
      if (f.close === CHANNEL_STDIN) this.endStdin();
      return;
    }
    // resize (4) is accepted and ignored: the simulated terminal has no size
    if (f.channel !== CHANNEL_STDIN || !this.opts.stdin || this.stdinEnded) return;
    this.stdinChunks.push(this.decoder.decode(f.data, { stream: true }));
    this.poke();
  }

  private onGone(): void {
    this.closed = true;
    this.endStdin();
  }

  private endStdin(): void {
    this.stdinEnded = true;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** The next piece of stdin, or undefined once it has ended (EOF, or the client went away). */
  async readStdin(): Promise<string | undefined> {
    for (;;) {
      if (this.stdinChunks.length) return this.stdinChunks.shift();
      if (this.stdinEnded) return undefined;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  /** Resolves after `ms` of wall time (an interactive session's), or sooner when the client goes away. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    const gone = new AbortController();
    this.ws.addEventListener('close', () => gone.abort(), { once: true });
    if (Number.isFinite(ms)) return realClock.sleep(ms, gone.signal);
    return new Promise((resolve) => gone.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  stdout(text: string): void {
    if (this.opts.stdout && text) this.send(CHANNEL_STDOUT, text);
  }

  /** With a terminal there is no separate stderr: the process writes both to the tty. */
  stderr(text: string): void {
    if (!text) return;
    if (this.opts.tty) this.stdout(text);
    else if (this.opts.stderr) this.send(CHANNEL_STDERR, text);
  }

  /** Sends the final Status and closes normally. */
  finish(status: StreamStatus): void {
    if (this.closed) return;
    this.send(CHANNEL_ERROR, JSON.stringify(status));
    this.closed = true;
    try {
      this.ws.close(1000, '');
    } catch {
      // already closing
    }
  }

  private send(channel: number, text: string): void {
    if (this.closed) return;
    try {
      this.ws.send(encodeFrame(channel, text));
    } catch {
      this.onGone();
    }
  }
}

/** A WebSocket message's bytes, whichever form the runtime delivers it in (text, ArrayBuffer, view, Blob). */
async function bytesOf(data: unknown): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  if (data && typeof (data as Blob).arrayBuffer === 'function') return new Uint8Array(await (data as Blob).arrayBuffer());
  return new Uint8Array();
}

/**
 * Wall time between the upgrade and the first frame, about what `runc exec` takes to start a process.
 * kubectl 1.32's WebSocket client starts reading before it has created its streams (client-go added a
 * wait for them later): a frame that arrives in that moment is dropped with "Unknown stream id 1,
 * discarding message" on kubectl's stderr, and with it any output it carried.
 */
export const PROCESS_START_MS = 50;

/** Answers an upgrade with the server end of a new WebSocket pair, speaking `protocol`. */
export function upgradeToRemoteCommand(protocol: string, opts: StreamOptions, run: (s: RemoteCommandSession) => Promise<void>): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  const session = new RemoteCommandSession(server, protocol, opts);
  const started = async () => {
    await session.sleep(PROCESS_START_MS);
    session.established();
    await run(session);
  };
  void started().catch((e: unknown) => session.finish(internalErrorStatus(String(e))));
  return new Response(null, { status: 101, webSocket: client, headers: { 'sec-websocket-protocol': protocol } });
}
