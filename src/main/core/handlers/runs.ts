// The commands that make runs: start a plan, cancel a run, ask how far it is, import files as a run,
// fetch what a remote run's host kept; and runs.window,
// which runs gmptrace on a run's trace as the runner does. The read side
// of the history (runs.list, runs.get …) is in history.ts.
import type { EventBus } from '../events';
import type { FlameService } from '../flame/service';
import { queryRunWindow } from '../read-side/trace-window';
import { cutRunTrace } from '../read-side/trace-cut';
import { fetchKeptFiles } from '../runner/fetch-kept-run';
import { importFiles, type ActiveImports } from '../runner/import-files';
import type { RunOwnership } from '../runner/ownership';
import type { Runner } from '../runner/runner';
import type { Store } from '../store';
import type { Toolchain } from '../toolchain';
import type { DomainHandlers } from './types';

export interface RunHandlerDeps {
  runner: Runner;
  store: Store;
  events: EventBus;
  toolchain: Toolchain;
  ownership: RunOwnership;
  flame: FlameService;
  imports: ActiveImports;
}

export function createRunHandlers(deps: RunHandlerDeps): DomainHandlers<'runs.start' | 'runs.cancel' | 'runs.progress' | 'runs.import' | 'runs.fetchKept' | 'runs.window' | 'runs.cutTrace'> {
  return {
    'runs.start': ({ plan }) => deps.runner.start(plan),
    async 'runs.cancel'({ id }) {
      // An import is a run too, ended here as cancelled; the runner knows only the runs it executes.
      if (deps.imports.has(id)) await deps.imports.cancel(id);
      else await deps.runner.cancel(id);
      return { ok: true };
    },
    async 'runs.progress'({ id }) {
      deps.store.requireRun(id);
      return deps.runner.progressOf(id);
    },
    async 'runs.import'(input) {
      return { runId: await importFiles(input, deps) };
    },
    'runs.fetchKept': ({ id }) => fetchKeptFiles(id, deps),
    'runs.window': ({ id, from_s, to_s, group, maxItems }) => queryRunWindow(deps, id, from_s, to_s, group ?? null, maxItems),
    'runs.cutTrace': ({ id, from_s, to_s }) => cutRunTrace(deps, id, from_s, to_s),
  };
}
