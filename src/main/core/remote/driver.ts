// A target driver for a remote host: the host is checked (it must answer, and its platform decides
// the build), the target is built for that platform by the usual driver, and each run starts there.
import type { Host } from '../../../shared/hosts';
import { PrepareError, type TargetDriver } from '../targets';
import { checkHost } from './check';
import { REMOTE_OUT } from './layout';
import { remoteLauncher } from './launch';

export function onHost(driver: TargetDriver, host: Host): TargetDriver {
  return {
    validate: (target, plan) => driver.validate(target, plan),
    async prepare(target, ctx) {
      const fail = (message: string): never => {
        ctx.output(`gmpw: ${message}\r\n`);
        throw new PrepareError(message, '');
      };
      const check = await checkHost(host);
      if (!check.reachable) fail(`host ${host.name} is unreachable: ${check.error}`);
      if (!check.goos || !check.goarch) fail(`host ${host.name} runs ${check.os} on ${check.arch}, which this workbench cannot build for`);
      ctx.output(`gmpw: host ${host.name}: ${check.goos}/${check.goarch}, ${check.numCpu} CPUs, kernel ${check.kernel}\r\n`);
      const prepared = await driver.prepare(target, { ...ctx, platform: { goos: check.goos!, goarch: check.goarch! } });
      return {
        // The harness writes into the run's folder on the host; its files come back after the exit.
        spec: (config) => prepared.spec(config, REMOTE_OUT),
        collect: prepared.collect,
        launch: (runDir) => remoteLauncher(host, runDir),
      };
    },
  };
}
