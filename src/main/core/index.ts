// The core, assembled: the store (with runs a dead session left active marked interrupted), the
// toolchain, the target drivers, the runner, and the handler table the adapters dispatch to.
import { EventBus } from './events';
import { FlameService } from './flame/service';
import { createHandlerTable } from './handlers';
import { artifactFile } from './read-side/artifact-file';
import { UserError } from './errors';
import type { HandlerTable } from './handlers/types';
import type { RunnerTimings } from './runner/supervise';
import { detectCgroups, type CgroupSupport } from './runner/cgroup';
import { RunLeftovers } from './runner/leftovers';
import { MachineLock } from './runner/machine-lock';
import { machineLockFile } from './paths';
import { RunOwnership } from './runner/ownership';
import { ForeignRuns } from './runner/foreign-runs';
import { ActiveImports } from './runner/import-files';
import { Runner } from './runner/runner';
import { currentCheckout } from './install';
import type { ReportBundleDir } from './report';
import { Store } from './store';
import { CatalogCache, createDrivers } from './targets';
import { Toolchain } from './toolchain';

// The desktop shell imports only this entry and handlers/ (docs/ARCHITECTURE.md §1): what it needs
// of the core besides createCore is where the install and the data directory are.
export type { EventBus } from './events';
export { documentationPath, electronInstall, electronSqlitePath, goSourcesDir, preloadPath, rendererDir, reportBundleDir, type ElectronHost, type ElectronRuntime } from './install';
export { DataPaths, desktopDataDir } from './paths';

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
  /**
   * Publish runs other processes execute on this history as they happen (the app and gmpw serve,
   * whose pages show the history; not a one-shot CLI command).
   */
  followForeignRuns?: boolean;
  /** The built report bundle (out/report), built on demand by the CLI; without it report.export is unavailable. */
  reportBundleDir?: ReportBundleDir;
  /** What per-run cgroups allow here (tests simulate a machine without them); found on first use when omitted. */
  cgroups?: () => CgroupSupport;
}

const noReportBundle: ReportBundleDir = () => Promise.reject(new UserError('This build of the workbench has no report bundle; run `npm run build`.', null, 'unavailable'));

export interface Core {
  handlers: HandlerTable;
  events: EventBus;
  /** A run's artifact file on disk (null if unknown), for browser mode to hand out as a download. */
  artifactFile(runId: string, name: string): { path: string; size: number } | null;
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const store = Store.open(opts.dataDir, { nativeBinding: opts.nativeBinding });
  const paths = store.paths;
  const ownership = new RunOwnership(paths.active);
  await store.recoverInterrupted((id) => ownership.isAbandoned(id));
  // The targets of a dead session may still run (they ignored the hang-up): end them and all they started.
  const leftovers = new RunLeftovers(paths.processes);
  await leftovers.endAbandoned();
  let cgroups: CgroupSupport | undefined;
  // After recovery, so that the plans of runs it just ended count as ended.
  store.sweepOrphanFolders(paths.builds);
  const events = new EventBus();
  const toolchain = new Toolchain({
    paths,
    resourcesDir: opts.resourcesDir ?? currentCheckout().resourcesDir,
    goBinary: opts.goBinary,
    wellKnown: opts.goWellKnown,
    env: opts.env,
  });
  const catalogs = new CatalogCache();
  const drivers = createDrivers((go) => toolchain.tools(go), catalogs);
  const runner = new Runner({
    store,
    events,
    drivers,
    toolchain,
    buildsDir: paths.builds,
    ownership,
    machineLock: new MachineLock(machineLockFile(), { nativeBinding: opts.nativeBinding }),
    cgroups: opts.cgroups ?? (() => (cgroups ??= detectCgroups())),
    leftovers,
    timings: opts.timings,
  });
  const flame = new FlameService({ cacheDir: paths.cache });
  const imports = new ActiveImports();
  const foreign = opts.followForeignRuns ? new ForeignRuns({ store, events, ownership, leftovers, isOwn: (id) => runner.owns(id) || imports.has(id) }) : null;
  foreign?.start();
  const handlers = createHandlerTable({ runner, store, events, toolchain, catalogs, flame, ownership, imports, reportBundleDir: opts.reportBundleDir ?? noReportBundle });
  return {
    handlers,
    events,
    artifactFile: (runId, name) => artifactFile(store, runId, name),
    async close() {
      await foreign?.stop();
      // Imports first: they end at once, and none starts while the runner takes its time.
      await imports.close();
      await runner.close();
      await flame.close();
      store.close();
    },
  };
}
