// The API reaches components through context, not a module import, so that pages can be mounted
// with a stand-in (benchmarks feed synthetic runs) and the app stays one tree of plain components.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CommandError, CommandInput, CommandName, CommandOutput, EventName, EventPayload, GmpwApi } from '../../../shared/contract';

const ApiContext = createContext<GmpwApi | null>(null);
/** Whether system.pickPath opens a native dialog (the desktop app) or is unavailable (browser mode). */
const NativeDialogsContext = createContext(false);

/** Fetches a run's artifact from the server the page talks to; only browser mode has one. */
export type ArtifactFetcher = (runId: string, name: string) => Promise<Blob>;
const ArtifactFetcherContext = createContext<ArtifactFetcher | null>(null);

export function ApiProvider({ api, nativeDialogs = false, fetchArtifact = null, children }: { api: GmpwApi; nativeDialogs?: boolean; fetchArtifact?: ArtifactFetcher | null; children: ReactNode }) {
  return (
    <ApiContext.Provider value={api}>
      <NativeDialogsContext.Provider value={nativeDialogs}>
        <ArtifactFetcherContext.Provider value={fetchArtifact}>{children}</ArtifactFetcherContext.Provider>
      </NativeDialogsContext.Provider>
    </ApiContext.Provider>
  );
}

/** How to download a run's files from a remote server, or null where they are on this machine (or in a report). */
export function useArtifactFetcher(): ArtifactFetcher | null {
  return useContext(ArtifactFetcherContext);
}

export function useNativeDialogs(): boolean {
  return useContext(NativeDialogsContext);
}

export function useApi(): GmpwApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}

/** Whatever was thrown, as the contract's error shape (adapters throw ApiError, which already is one). */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === 'object' && 'message' in e) {
    const { message, field, code } = e as { message: unknown; field?: unknown; code?: unknown };
    return { message: String(message), field: typeof field === 'string' ? field : null, code: typeof code === 'string' ? code : 'error' };
  }
  return { message: String(e), field: null, code: 'error' };
}

export interface CommandState<T> {
  data: T | null;
  error: CommandError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a command when its input changes (compared by value) and on reload(); a late answer to an
 * older input never overwrites a newer one. Pass null as input to skip.
 */
export function useCommand<N extends CommandName>(name: N, input: CommandInput<N> | null): CommandState<CommandOutput<N>> {
  const api = useApi();
  const [state, setState] = useState<{ data: CommandOutput<N> | null; error: CommandError | null; loading: boolean }>({ data: null, error: null, loading: input !== null });
  const [generation, setGeneration] = useState(0);
  const key = input === null ? null : JSON.stringify(input);
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    api.invoke(name, JSON.parse(key) as CommandInput<N>).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (e: unknown) => current && setState((s) => ({ data: s.data, error: asCommandError(e), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [api, name, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** Subscribes for the component's lifetime; the latest listener is always called (no resubscribe per render). */
export function useEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.subscribe(name, (payload) => latest.current(payload)), [api, name]);
}
