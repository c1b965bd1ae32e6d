// `scenario` targets: a catalog scenario run by the bundled gmpstress, built with the plan's Go release.
import type { z } from 'zod';
import type { ScenarioTarget } from '../../../shared/domain';
import { bareChildProblem, ignoredConcurrencyProblem } from '../../../shared/run-rules';
import { paramInForce } from '../../../shared/scenario-params';
import { UserError } from '../errors';
import { GoBuildError, type GoToolchain } from '../toolchain';
import type { BundledTools } from '../toolchain/bundled-tools';
import type { CatalogCache } from './catalog';
import { checkScenario } from './catalog';
import { harnessArgs, harnessDeadline } from './harness-args';
import { PrepareError, type TargetDriver } from './types';

type Scenario = z.infer<typeof ScenarioTarget>;

/** gmpstress built with `go`; with no go, the workbench's own. */
export type ToolsFor = (go?: GoToolchain) => Promise<BundledTools>;

export function scenarioDriver(tools: ToolsFor, catalogs: CatalogCache): TargetDriver<Scenario> {
  return {
    async validate(target, plan) {
      const scenario = checkScenario(await catalogs.get(await (await tools()).gmpstress()), target.id, target.params);
      const problem = scenario.ignores_concurrency ? ignoredConcurrencyProblem(target.id, plan.concurrency ?? []) : null;
      if (problem) throw new UserError(problem, 'plan.concurrency');
      const bare = scenario.bare_child ? bareChildProblem(target.id, plan) : null;
      if (bare) throw new UserError(bare.message, bare.field);
      // Recorded as the harness runs them ("5 " runs as 5): the runs of one setting are then alike.
      const params = Object.fromEntries(Object.entries(target.params).map(([name, value]) => [name, paramInForce(scenario.params.find((p) => p.name === name)!, value)]));
      return { ignoresConcurrency: scenario.ignores_concurrency === true, target: { ...target, params } };
    },
    async prepare(target, ctx) {
      const go = await ctx.go();
      let binary: string;
      try {
        // Cross-compiled for a remote host's platform when the plan runs there.
        binary = await (await tools(go)).gmpstress(ctx.platform, ctx.goExperiments);
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
