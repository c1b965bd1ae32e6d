// GmpwApi over browser mode (`gmpw serve`): commands are POSTed as JSON, events arrive on one
// server-sent event stream shared by all subscribers. Every request carries the access token in an
// Authorization header, the event stream included (read through fetch, which can send headers).
import type { CommandName, EventName, GmpwApi } from '../../../shared/contract';
import { API_PREFIX, EVENTS_PATH, type Outcome } from '../../../shared/transport';
import { ApiError, unwrap } from './errors';
import { FetchEventSource, type EventSourceLike } from './fetch-event-source';

export interface HttpClientOptions {
  /** Origin of the server; '' means the page's own origin. */
  baseUrl?: string;
  /** The access token `gmpw serve` printed; without it every command is refused. */
  token?: string | null;
  fetch?: typeof fetch;
}

type Listener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions = {}): GmpwApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? fetch;
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSourceLike | null = null;
  /** Event names the current source already forwards (one DOM listener each, fanning out). */
  const wired = new Set<EventName>();

  async function post(name: CommandName, input: unknown): Promise<unknown> {
    const response = await doFetch(`${baseUrl}${API_PREFIX}${name}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', ...auth },
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

  function ensureSource(name: EventName): void {
    source ??= new FetchEventSource(`${baseUrl}${EVENTS_PATH}`, { headers: auth, fetch: options.fetch });
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
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      ensureSource(name);
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
