// GET /api/events: the core's events as server-sent events, one `event:` per contract event name.
import type { ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../shared/contract';
import type { EventBus } from '../core/events';
import { startStream } from './respond';

/** Comment lines keep idle connections from being cut by proxies and let us notice dead clients. */
const HEARTBEAT_MS = 15_000;
/**
 * A client that stops reading (a frozen tab) would make the server buffer terminal output without
 * bound; past this it is cut off, and EventSource reconnects once the page is alive again.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function handleEventStream(events: EventBus, res: ServerResponse): void {
  startStream(res, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  // Reconnect quickly after a server restart; EventSource does this on its own.
  res.write('retry: 2000\n\n');
  const off = events.onAny((name, payload) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  }, EVENT_NAMES);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  // The response's 'close' fires however the connection ends: the client left, or we cut it off.
  res.on('close', () => {
    clearInterval(heartbeat);
    off();
  });
}
