// The core, assembled: the store (with runs a dead session left active marked interrupted), the
// toolchain, the target drivers, the runner, and the handler table the adapters dispatch to.
import { join } from 'node:path';
import type { EventBus as Bus } from './events';
import { EventBus } from './events';
import { FlameService } from './flame/service';
import { createHandlerTable } from './handlers';
import type { HandlerTable } from './handlers/types';
import type { RunnerTimings } from './runner/supervise';
import { MachineLock } from './runner/machine-lock';
import { RunOwnership } from './runner/ownership';
import { Runner } from './runner/runner';
import { currentCheckout } from './install';
import { Store } from './store';
import { CatalogCache, createDrivers } from './targets';
import { Toolchain } from './toolchain';

export interface CoreOptions {
  dataDir: string;
  /** An explicit go binary (else PATH, $GOROOT/bin and the usual places are searched). */
  goBinary?: string;
  /** better-sqlite3's addon built for this runtime (Electron). */
  nativeBinding?: string;
  /** The folder holding go/ (src/main/core/install.ts); the checkout's resources/ when omitted. */
  resourcesDir?: string;
  /** Where to look for Go beyond PATH and $GOROOT (tests pass [] to simulate a machine without Go). */
  goWellKnown?: string[];
  /** The environment Go is searched in (PATH, GOROOT, GMPW_GO). */
  env?: NodeJS.ProcessEnv;
  /** Watchdog and cancel grace periods. */
  timings?: Partial<RunnerTimings>;
}

export interface Core {
  handlers: HandlerTable;
  events: Bus;
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const store = Store.open(opts.dataDir, { nativeBinding: opts.nativeBinding });
  const ownership = new RunOwnership(join(opts.dataDir, 'active'));
  await store.recoverInterrupted((id) => ownership.isAbandoned(id));
  // After recovery, so that the plans of runs it just ended count as ended.
  store.sweepOrphanFolders(join(opts.dataDir, 'builds'));
  const events = new EventBus();
  const toolchain = new Toolchain({
    dataDir: opts.dataDir,
    resourcesDir: opts.resourcesDir ?? currentCheckout().resourcesDir,
    goBinary: opts.goBinary,
    wellKnown: opts.goWellKnown,
    env: opts.env,
  });
  const catalogs = new CatalogCache();
  const drivers = createDrivers(() => toolchain.tools(), catalogs);
  const runner = new Runner({ store, events, drivers, toolchain, buildsDir: join(opts.dataDir, 'builds'), ownership, machineLock: new MachineLock(join(opts.dataDir, 'machine.lock'), { nativeBinding: opts.nativeBinding }), timings: opts.timings });
  const flame = new FlameService({ cacheDir: join(opts.dataDir, 'cache') });
  const handlers = createHandlerTable({ runner, store, events, bus: events, toolchain, catalogs, flame, ownership });
  return {
    handlers,
    events,
    async close() {
      await runner.close();
      await flame.close();
      store.close();
    },
  };
}
