// Server-sent events read through fetch(), because the stream must carry the Authorization header
// and EventSource cannot send headers (the token stays out of cookies: see src/main/web/access.ts).
// It behaves like EventSource where the client relies on it: named events, reconnection after the
// server's `retry:` interval when the connection drops, and no reconnection after an HTTP error.

/** The part of EventSource that the HTTP client uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

export interface FetchEventSourceOptions {
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Until the server sends `retry:`. */
  retryMs?: number;
}

export interface ServerSentEvent {
  type: string;
  data: string;
}

/** The event-stream format, fed in arbitrary chunks: complete events come out, and `retry:` values. */
export class EventStreamParser {
  private pending = '';
  private type = '';
  private data: string[] = [];

  constructor(private readonly onRetry: (ms: number) => void) {}

  push(chunk: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      if (line === '') {
        if (this.data.length > 0) events.push({ type: this.type || 'message', data: this.data.join('\n') });
        this.type = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // a comment: the heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.type = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
    }
    return events;
  }
}

export class FetchEventSource implements EventSourceLike {
  private readonly listeners = new Map<string, Set<(event: { data: string }) => void>>();
  private readonly abort = new AbortController();
  private retryMs: number;

  constructor(
    private readonly url: string,
    private readonly opts: FetchEventSourceOptions = {},
  ) {
    this.retryMs = opts.retryMs ?? 2000;
    void this.run();
  }

  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    set.add(listener);
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      let reconnect = true;
      try {
        reconnect = await this.readOnce();
      } catch {
        // The connection failed or dropped (server restarting): try again, as EventSource does.
      }
      if (!reconnect || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.retryMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  /** Reads one connection to its end; false when the server refused it (no point in retrying). */
  private async readOnce(): Promise<boolean> {
    const response = await (this.opts.fetch ?? fetch)(this.url, {
      headers: { accept: 'text/event-stream', ...this.opts.headers },
      credentials: 'omit',
      cache: 'no-store',
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) return false;
    const parser = new EventStreamParser((ms) => (this.retryMs = ms));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      for (const event of parser.push(value)) {
        for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener({ data: event.data });
      }
    }
  }
}
