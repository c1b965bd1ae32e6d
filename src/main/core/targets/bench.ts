// `bench` targets: a Go package's benchmarks. The test binary is built once per plan with
// `go test -c` and run once per cell with -test.* flags; results come from the benchmark format.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { BenchTarget, CaptureKind, RunConfig } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { opsPerSecond, parseBenchfmt } from '../benchfmt';
import { UserError } from '../errors';
import { programSource, runGoStep } from './go-step';
import { TARGET_PATH, type Collected, type TargetDriver } from './types';

type Bench = z.infer<typeof BenchTarget>;

/** -test.* flags that write each capture; goroutine profiles have no test flag. */
const CAPTURE_FLAGS: Partial<Record<CaptureKind, [flag: string, file: string]>> = {
  cpu: ['-test.cpuprofile', 'cpu.pprof'],
  heap: ['-test.memprofile', 'heap.pprof'],
  allocs: ['-test.memprofile', 'heap.pprof'],
  block: ['-test.blockprofile', 'block.pprof'],
  mutex: ['-test.mutexprofile', 'mutex.pprof'],
  trace: ['-test.trace', 'trace.out'],
};

/** How long the benchmarks may take: b.N ramps up, so several benchtimes per benchmark. */
function benchDeadline(config: RunConfig, benchtime: string): number {
  const per = /x$/.test(benchtime) ? goDurationSeconds(config.duration) : goDurationSeconds(benchtime);
  return Math.max(30, 10 * per + 20);
}

export function benchArgs(target: Bench, config: RunConfig, runDir: string): { args: string[]; deadline: number } {
  const benchtime = target.benchtime ?? config.duration;
  const deadline = benchDeadline(config, benchtime);
  const args = ['-test.run=^$', `-test.bench=${target.bench}`, `-test.benchtime=${benchtime}`, '-test.benchmem'];
  if (config.gomaxprocs !== 'default') args.push(`-test.cpu=${config.gomaxprocs}`);
  const flags = new Set<string>();
  for (const kind of config.capture) {
    const flag = CAPTURE_FLAGS[kind];
    if (flag && !flags.has(flag[0])) {
      flags.add(flag[0]);
      args.push(`${flag[0]}=${join(runDir, flag[1])}`);
    }
  }
  // The runner's watchdog fires first; this explicit timeout is a backstop for an orphaned binary.
  args.push(`-test.timeout=${Math.ceil(deadline * 2 + 60)}s`);
  return { args, deadline };
}

async function collectBench(runDir: string, terminalLog: string): Promise<Collected> {
  // The workbench's own "gmpw: …" lines in the log would read as a configuration key "gmpw".
  const output = terminalLog.split('\n').filter((line) => !line.replace(/^\r/, '').startsWith('gmpw: ')).join('\n');
  const { results, lines } = parseBenchfmt(output);
  if (results.length === 0) throw new Error('the benchmark printed no result lines (does the regexp match a benchmark?)');
  await writeFile(join(runDir, 'bench.txt'), lines.join('\n') + '\n');
  await writeFile(join(runDir, 'bench.json'), JSON.stringify({ schema: 2, results }, null, 2));
  // The run folder is registered as a whole afterwards, so bench.txt and bench.json become artifacts.
  // The run's one throughput is its benchmark's; several benchmarks have one each (bench.json), none of them the run's.
  return { opsPerSec: results.length === 1 ? (opsPerSecond(results[0]) ?? undefined) : undefined };
}

export function benchDriver(): TargetDriver<Bench> {
  return {
    async validate(target) {
      const field = `${TARGET_PATH}.pkg`;
      if (programSource(target.pkg, field).kind !== 'package') throw new UserError('must be a Go package directory', field);
    },
    async prepare(target, ctx) {
      const source = programSource(target.pkg, `${TARGET_PATH}.pkg`);
      const binary = join(ctx.workDir, 'bench.test');
      if (source.kind === 'package') await runGoStep(await ctx.go(), ['test', '-c', '-o', binary, '.'], source.dir, ctx.output, ctx.signal);
      return {
        spec: (config, runDir) => {
          const { args, deadline } = benchArgs(target, config, runDir);
          // Tests expect to run in their package directory (testdata/ lookups).
          return { file: binary, args, deadline, cwd: source.kind === 'package' ? source.dir : undefined };
        },
        collect: collectBench,
      };
    },
  };
}
