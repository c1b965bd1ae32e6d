// `scenario` targets: a catalog scenario run by the bundled gmpstress, built with the plan's Go release.
import type { z } from 'zod';
import type { RunPlan, ScenarioTarget } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { ignoredConcurrencyProblem } from '../../../shared/run-rules';
import { UserError } from '../errors';
import { GoBuildError, type GoToolchain } from '../toolchain';
import type { BundledTools } from '../toolchain/bundled-tools';
import type { CatalogCache } from './catalog';
import { checkScenario } from './catalog';
import { harnessArgs, harnessDeadline } from './harness-args';
import { PrepareError, type TargetDriver } from './types';

type Scenario = z.infer<typeof ScenarioTarget>;

/** What a plan asks to observe of a run beyond its outcome: captures, and the flight recorder. */
function observationsAsked(plan: Pick<RunPlan, 'capture' | 'flightRecorder'>): string[] {
  return [...(plan.capture.length > 0 ? [`capture ${plan.capture.join(', ')}`] : []), ...(goDurationSeconds(plan.flightRecorder) > 0 ? ['keep a flight recorder'] : [])];
}

/** gmpstress built with `go`; with no go, the workbench's own. */
export type ToolsFor = (go?: GoToolchain) => Promise<BundledTools>;

export function scenarioDriver(tools: ToolsFor, catalogs: CatalogCache): TargetDriver<Scenario> {
  return {
    async validate(target, plan) {
      const scenario = checkScenario(await catalogs.get(await (await tools()).gmpstress()), target.id, target.params);
      const problem = scenario.ignores_concurrency ? ignoredConcurrencyProblem(target.id, plan.concurrency ?? []) : null;
      if (problem) throw new UserError(problem, 'plan.concurrency');
      const observed = scenario.bare_child ? observationsAsked(plan) : [];
      if (observed.length > 0) throw new UserError(`${target.id} runs its child without the harness, by design (nothing may keep the runtime from declaring its outcome): it cannot ${observed.join(' or ')}`, observed[0].startsWith('capture') ? 'plan.capture' : 'plan.flightRecorder');
      return { ignoresConcurrency: scenario.ignores_concurrency === true };
    },
    async prepare(target, ctx) {
      const go = await ctx.go();
      let binary: string;
      try {
        // Cross-compiled for a remote host's platform when the plan runs there.
        binary = await (await tools(go)).gmpstress(ctx.platform);
      } catch (err) {
        if (!(err instanceof GoBuildError)) throw err;
        // The build cache does not stream: the compiler's words go to the terminal here.
        ctx.output(err.output.replace(/\r?\n/g, '\r\n'));
        throw new PrepareError(`gmpstress does not build with ${go.version}`, err.output);
      }
      return {
        spec: (config, runDir) => ({
          file: binary,
          args: harnessArgs(config, runDir, target.id, target.params),
          deadline: harnessDeadline(config),
        }),
      };
    },
  };
}
