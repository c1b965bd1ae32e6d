// GmpwApi over the Electron preload bridge (window.api). The bridge has one function per command;
// this turns its outcome envelopes back into values and ApiErrors.
import type { GmpwApi } from '../../../shared/contract';
import type { Outcome, PreloadBridge } from '../../../shared/transport';
import { unwrap } from './errors';

declare global {
  interface Window {
    /** Present only inside the Electron window (set by src/preload). */
    api?: PreloadBridge;
  }
}

export function createIpcClient(bridge: PreloadBridge): GmpwApi {
  return {
    async invoke(name, input) {
      // The bridge is keyed by the same names; TypeScript cannot correlate the generic key with the
      // function's parameter type, hence the widening.
      const call = bridge.invoke[name] as (input: unknown) => Promise<Outcome<unknown>>;
      return unwrap(await call(input)) as never;
    },
    subscribe(name, listener) {
      const on = bridge.subscribe[name] as (listener: (payload: unknown) => void) => () => void;
      return on(listener as (payload: unknown) => void);
    },
  };
}
