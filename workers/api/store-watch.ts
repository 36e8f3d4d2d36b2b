import { waitUntil } from 'cloudflare:workers';
import type { WatchRequest } from '../../shared/apiserver/store-protocol';
import { storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';

/**
 * One store's watch as the Worker holds it: a reader of its newline-delimited events, and `end()`.
 *
 * The stream comes over Durable Object RPC, and workerd reports a consumer's cancel of such a stream as an
 * uncaught "Network connection lost" in the store when it next writes (cloudflare/workers-sdk#11071), once per
 * closed `kubectl get -w`, informer or page. So the stream is never cancelled from here: `end()` asks the store
 * to stop the watch (its side closes the stream) and reads what is left until the stream ends, in waitUntil so
 * the Worker's request outlives the client that went away.
 */
export interface StoreWatch {
  /** The next chunk, or done when the store ended the watch (timeout, namespace gone, end()). */
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Ends the watch from the store's side; idempotent, and a no-op once the stream has ended. */
  end(): void;
}

/** Opens a watch on one store under a fresh id, so that it can be ended by name. */
export async function openStoreWatch(env: Env, storeName: string, req: WatchRequest): Promise<StoreWatch> {
  const id = crypto.randomUUID();
  const store = storeStub(env, storeName);
  const reader = (await store.watch(req, id)).getReader();
  let finished = false;
  const read = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    const r = await reader.read();
    if (r.done) finished = true;
    return r;
  };
  return {
    read,
    end() {
      if (finished) return;
      finished = true;
      const drain = async (): Promise<void> => {
        await store.stopWatch(id);
        while (!(await reader.read()).done);
      };
      // an error here means the store went away, and the stream with it: nothing is left to end
      waitUntil(drain().catch(() => undefined));
    },
  };
}

/** Splits a byte stream's chunks into lines (without their newline); pieces of a line wait for the rest. */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private buf = '';

  push(chunk: Uint8Array): string[] {
    this.buf += this.decoder.decode(chunk, { stream: true });
    const parts = this.buf.split('\n');
    this.buf = parts.pop()!;
    return parts.filter((l) => l !== '');
  }

  /** What is left once the stream ended. */
  flush(): string[] {
    const rest = (this.buf + this.decoder.decode()).trim();
    this.buf = '';
    return rest ? [rest] : [];
  }
}
