import { badRequest } from '../api/errors';
import type { Status } from '../api/errors';
import type { WatchEvent } from '../api/object';
import { statusToError } from './store-result';

/**
 * Reads a newline-delimited watch stream (what stores and the HTTP API send) as events.
 * An ERROR event is thrown as the ApiError of its Status (410 Expired → relist); the signal, or
 * leaving the loop early, cancels the stream so the store drops the watcher.
 */
export async function* watchLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<WatchEvent> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  if (signal?.aborted) return void (await reader.cancel().catch(() => undefined));
  signal?.addEventListener('abort', onAbort, { once: true });
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal?.aborted) return;
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) yield parseEvent(line);
      }
    }
    buf += decoder.decode();
    if (buf.trim()) yield parseEvent(buf.trim());
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => undefined);
  }
}

function parseEvent(line: string): WatchEvent {
  let event: WatchEvent;
  try {
    event = JSON.parse(line) as WatchEvent;
  } catch (e) {
    throw badRequest(`malformed watch event: ${(e as Error).message}`);
  }
  if (event.type === 'ERROR') throw statusToError(event.object as unknown as Partial<Status>);
  return event;
}
