// `program` targets: the user's Go main package (built with go build) or executable, speaking the
// harness protocol (it calls stress.Main), so it gets the same flags and writes the same files.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ProgramTarget } from '../../../shared/domain';
import { experimentEnv } from '../toolchain';
import { programSource, runGoStep } from './go-step';
import { harnessArgs, harnessDeadline } from './harness-args';
import { PrepareError, TARGET_PATH, type PrepareContext, type TargetDriver } from './types';

type Program = z.infer<typeof ProgramTarget>;

/** The executable of a program or endpoint target: built into the work folder when it is a package. */
export async function programExecutable(path: string, ctx: PrepareContext): Promise<string> {
  const source = programSource(path, `${TARGET_PATH}.path`);
  if (source.kind === 'binary') return source.file;
  const out = join(ctx.workDir, 'program');
  await runGoStep(await ctx.go(), ['build', '-o', out, '.'], source.dir, ctx.output, ctx.signal, ctx.platform, experimentEnv(ctx.goExperiments));
  if (await isArchive(out)) {
    const message = `${path} is not a main package: go build wrote a package archive, nothing to run (a program needs package main with a func main that calls stress.Main)`;
    throw new PrepareError(message, message);
  }
  return out;
}

/**
 * go build -o of a package that is not main writes its archive ("!<arch>" magic) and succeeds;
 * run, it would fail as "execvp(3) failed: Permission denied".
 */
async function isArchive(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    return head.toString('latin1') === '!<arch>\n';
  } finally {
    await handle.close();
  }
}

export function programDriver(): TargetDriver<Program> {
  return {
    async validate(target) {
      programSource(target.path, `${TARGET_PATH}.path`);
    },
    async prepare(target, ctx) {
      const file = await programExecutable(target.path, ctx);
      return {
        spec: (config, runDir) => ({
          file,
          args: [...harnessArgs(config, runDir, target.scenario, target.params), ...target.args],
          deadline: harnessDeadline(config),
        }),
      };
    },
  };
}
