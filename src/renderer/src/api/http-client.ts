// GmpwApi over browser mode (`gmpw serve`): commands are POSTed as JSON, events arrive on one
// server-sent event stream shared by all subscribers. The access token lives in a cookie that the
// server sets when the printed URL is opened, so requests here carry no secret themselves; callers
// outside a browser (tests, scripts) pass it as a header instead.
import type { CommandName, EventName, GmpwApi } from '../../../shared/contract';
import { API_PREFIX, EVENTS_PATH, type Outcome } from '../../../shared/transport';
import { ApiError, unwrap } from './errors';

/** The part of the DOM's EventSource used here, so this file also typechecks (and runs) outside a browser. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

export interface HttpClientOptions {
  /** Origin of the server; '' means the page's own origin. */
  baseUrl?: string;
  /** Extra request headers, e.g. an Authorization header where no cookie can be set. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Needed only to subscribe; browsers pass window.EventSource. */
  EventSource?: new (url: string) => EventSourceLike;
}

type Listener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions = {}): GmpwApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? fetch;
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSourceLike | null = null;
  /** Event names the current source already forwards (one DOM listener each, fanning out). */
  const wired = new Set<EventName>();

  async function post(name: CommandName, input: unknown): Promise<unknown> {
    const response = await doFetch(`${baseUrl}${API_PREFIX}${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(input ?? {}),
    });
    const text = await response.text();
    let outcome: Outcome<unknown>;
    try {
      outcome = JSON.parse(text) as Outcome<unknown>;
    } catch {
      // Only the server's own refusals (token, Host, size) answer in plain text.
      throw new ApiError({ message: `HTTP ${response.status}: ${text.trim() || response.statusText}`, field: null, code: 'http' });
    }
    return unwrap(outcome);
  }

  function ensureSource(name: EventName, EventSourceCtor: NonNullable<HttpClientOptions['EventSource']>): void {
    source ??= new EventSourceCtor(`${baseUrl}${EVENTS_PATH}`);
    if (wired.has(name)) return;
    wired.add(name);
    source.addEventListener(name, (event) => {
      const payload = JSON.parse(event.data) as unknown;
      for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
    });
  }

  return {
    invoke: (name, input) => post(name, input) as never,
    subscribe(name, listener) {
      const EventSourceCtor = options.EventSource;
      if (!EventSourceCtor) throw new Error('createHttpClient: subscribing needs an EventSource implementation');
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      ensureSource(name, EventSourceCtor);
      return () => {
        set.delete(listener as Listener);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          // Nothing listens any more: drop the connection (and the server's per-client forwarding).
          source?.close();
          source = null;
          wired.clear();
        }
      };
    },
  };
}
