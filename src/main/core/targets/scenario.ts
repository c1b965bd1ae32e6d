// `scenario` targets: a catalog scenario run by the bundled gmpstress.
import type { z } from 'zod';
import type { ScenarioTarget } from '../../../shared/domain';
import type { GoPlatform } from '../toolchain';
import type { BundledTools } from '../toolchain/bundled-tools';
import type { CatalogCache } from './catalog';
import { checkScenario } from './catalog';
import { harnessArgs, harnessDeadline } from './harness-args';
import type { TargetDriver } from './types';

type Scenario = z.infer<typeof ScenarioTarget>;

export function scenarioDriver(tools: () => Promise<BundledTools>, catalogs: CatalogCache): TargetDriver<Scenario> {
  const gmpstress = async (platform?: GoPlatform) => (await tools()).gmpstress(platform);
  return {
    async validate(target) {
      checkScenario(await catalogs.get(await gmpstress()), target.id, target.params);
    },
    async prepare(target, ctx) {
      const binary = await gmpstress(ctx.platform);
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
