// `bench` targets: a Go package's benchmarks. The test binary is built once per plan with
// `go test -c` and run once per cell with -test.* flags; results come from the benchmark format.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { BenchTarget, CaptureKind, RunConfig } from '../../../shared/domain';
import { captureFile } from '../../../shared/captures';
import { goDurationSeconds } from '../../../shared/go-duration';
import { benchtimeOf } from '../../../shared/run-rules';
import { opsPerSecond, parseBenchfmt, type BenchResult } from '../benchfmt';
import { UserError } from '../errors';
import { programSource, runGoStep } from './go-step';
import { isLocalPath, resolvePackages, type GoPackage } from './go-packages';
import { PrepareError, TARGET_PATH, type Collected, type TargetDriver } from './types';

type Bench = z.infer<typeof BenchTarget>;

/** -test.* flags that write each capture (to its captureFile); goroutine profiles have no test flag. */
const CAPTURE_FLAGS: Partial<Record<CaptureKind, string>> = {
  cpu: '-test.cpuprofile',
  heap: '-test.memprofile',
  allocs: '-test.memprofile',
  block: '-test.blockprofile',
  mutex: '-test.mutexprofile',
  trace: '-test.trace',
};

/** How long the benchmarks may take: b.N ramps up, so several benchtimes per benchmark. */
function benchDeadline(config: RunConfig, benchtime: string): number {
  const per = /x$/.test(benchtime) ? goDurationSeconds(config.duration) : goDurationSeconds(benchtime);
  return Math.max(30, 10 * per + 20);
}

export function benchArgs(target: Bench, config: RunConfig, runDir: string): { args: string[]; deadline: number } {
  const benchtime = benchtimeOf(target, config.duration);
  const deadline = benchDeadline(config, benchtime);
  const args = ['-test.run=^$', `-test.bench=${target.bench}`, `-test.benchtime=${benchtime}`, '-test.benchmem'];
  if (config.gomaxprocs !== 'default') args.push(`-test.cpu=${config.gomaxprocs}`);
  const flags = new Set<string>();
  for (const kind of config.capture) {
    const flag = CAPTURE_FLAGS[kind];
    if (flag && !flags.has(flag)) {
      flags.add(flag);
      args.push(`${flag}=${join(runDir, captureFile(kind, 'bench'))}`);
    }
  }
  // The runner's watchdog fires first; this explicit timeout is a backstop for an orphaned binary.
  args.push(`-test.timeout=${Math.ceil(deadline * 2 + 60)}s`);
  return { args, deadline };
}

/** go test's output as the binaries wrote it, beside the terminal log (teeOutput). */
export const BENCH_OUTPUT = 'go-test-output.txt';

/**
 * The command that runs `binary args` with its output copied to `file` as well as to the terminal.
 * The benchmark lines are read from that copy: a pty's last output can be lost when the process
 * exits (node-pty stops reading 200 ms after the exit), and a benchmark line lost there was a
 * benchmark silently missing from a succeeded run. The exit status is the binary's. Windows has no
 * POSIX shell to do this, and reads the terminal log.
 */
export function teeOutput(file: string, binary: string, args: string[]): { file: string; args: string[] } {
  if (process.platform === 'win32') return { file: binary, args };
  const script = 'out=$1; shift; { "$@"; echo $? > "$out.status"; } 2>&1 | tee -a "$out"; s=$(cat "$out.status"); rm -f "$out.status"; exit "$s"';
  return { file: '/bin/sh', args: ['-c', script, 'gmpw-bench', file, binary, ...args] };
}

async function collectBench(runDir: string, terminalLog: string): Promise<Collected> {
  const copy = await readFile(join(runDir, BENCH_OUTPUT), 'utf8').catch(() => null);
  // Without the copy (Windows), the terminal log: the workbench's own "gmpw: …" lines there would read as a configuration key "gmpw".
  const output = copy ?? terminalLog.split('\n').filter((line) => !line.replace(/^\r/, '').startsWith('gmpw: ')).join('\n');
  const { results, lines } = parseBenchfmt(output);
  if (results.length === 0) throw new Error('the benchmark printed no result lines (does the regexp match a benchmark?)');
  await writeFile(join(runDir, 'bench.txt'), lines.join('\n') + '\n');
  await writeFile(join(runDir, 'bench.json'), JSON.stringify({ schema: 2, results }, null, 2));
  // The run folder is registered as a whole afterwards, so bench.txt and bench.json become artifacts.
  // The run's one throughput is its benchmark's; several benchmarks have one each (bench.json), none of them the run's.
  return { opsPerSec: results.length === 1 ? (opsPerSecond(results[0]) ?? undefined) : undefined, gomaxprocsInForce: procsOf(results) };
}

/**
 * The GOMAXPROCS go test ran the benchmarks at: the "-N" it appends to every name (none at 1, as
 * x/perf/benchfmt reads it); unknown when the names disagree (`-test.cpu` lists are not a run's setting).
 */
function procsOf(results: readonly BenchResult[]): number | undefined {
  const procs = new Set(results.map((r) => Number(/-(\d+)$/.exec(r.name)?.[1] ?? 1)));
  return procs.size === 1 ? [...procs][0] : undefined;
}

/** go test's own refusal: one profile or trace file cannot hold several packages' runs. */
function checkCaptures(config: RunConfig, packages: readonly GoPackage[]): void {
  const flags = config.capture.flatMap((kind) => CAPTURE_FLAGS[kind] ?? []);
  if (packages.length > 1 && flags.length) {
    const message = `cannot capture with several packages (${packages.length} have tests: ${packages.map((p) => p.importPath).join(', ')}): go test refuses ${flags[0]} with multiple packages; name one package or capture nothing`;
    throw new PrepareError(message, message);
  }
}

export function benchDriver(): TargetDriver<Bench> {
  return {
    async validate(target) {
      const field = `${TARGET_PATH}.pkg`;
      // A directory is checked now; an import path or a pattern when the go command resolves it (prepare).
      if (isLocalPath(target.pkg) && !target.pkg.includes('...') && programSource(target.pkg, field).kind !== 'package') throw new UserError('must be a Go package directory', field);
    },
    async prepare(target, ctx) {
      const go = await ctx.go();
      const packages = await resolvePackages(go, target.pkg, target.dir, ctx.output, ctx.signal);
      const binaries: string[] = [];
      // One test binary per package, as go test builds them; built in the package's directory.
      for (const [i, pkg] of packages.entries()) {
        const binary = join(ctx.workDir, packages.length === 1 ? 'bench.test' : `bench-${i}.test`);
        await runGoStep(go, ['test', '-c', '-o', binary, '.'], pkg.dir, ctx.output, ctx.signal);
        binaries.push(binary);
      }
      return {
        spec: (config, runDir) => {
          checkCaptures(config, packages);
          const [first, ...rest] = packages.map((pkg, i) => {
            const { args, deadline } = benchArgs(target, config, runDir);
            // Tests expect to run in their package directory (testdata/ lookups).
            return { ...teeOutput(join(runDir, BENCH_OUTPUT), binaries[i]!, args), executable: binaries[i], deadline, cwd: pkg.dir };
          });
          return { ...first, followedBy: rest };
        },
        collect: collectBench,
      };
    },
  };
}
