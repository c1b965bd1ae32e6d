// Readers of the files the Go side writes (resources/go/PROTOCOL.md). Each document carries
// "schema": N; one this workbench does not know is reported with a clear message, never dropped.
import type { z } from 'zod';
import type { RunConfig } from '../../../shared/domain';
import { goDurationSeconds } from '../../../shared/go-duration';
import { HarnessResult, TraceAnalysis } from '../../../shared/results';

const KNOWN_SCHEMA = 1;

export interface Checked<T> {
  value: T | null;
  /** The document's own schema number (0 when it has none). */
  version: number;
  /** Why the value could not be used, in words for the user. */
  problem: string | null;
}

function schemaOf(raw: unknown): number {
  const schema = (raw as { schema?: unknown } | null)?.schema;
  return typeof schema === 'number' ? schema : 0;
}

function check<S extends z.ZodType>(raw: unknown, schema: S, what: string): Checked<z.infer<S>> {
  const version = schemaOf(raw);
  if (version !== KNOWN_SCHEMA) {
    const said = version === 0 ? 'has no schema number' : `has schema ${version}`;
    return { value: null, version, problem: `${what} ${said}; this workbench reads schema ${KNOWN_SCHEMA}. Kept as is; update the workbench or the harness.` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { value: null, version, problem: `${what} does not match schema ${KNOWN_SCHEMA}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { value: parsed.data, version, problem: null };
}

export const checkResult = (raw: unknown): Checked<HarnessResult> => check(raw, HarnessResult, 'result.json');

/**
 * Why a result.json is not the run's own: the harness writes back the flags it was given, and these
 * differ from what the workbench passed (a file copied from another run, or written by something
 * else). Null when they agree.
 */
function askedOtherwise(config: RunConfig, result: HarnessResult): string | null {
  const differs: string[] = [];
  const seconds = (asked: string, said: number, what: string): void => {
    if (Math.abs(said - goDurationSeconds(asked)) > 1e-6) differs.push(`${what} of ${said}s (the run asked ${asked})`);
  };
  seconds(config.duration, result.config.duration_s, 'a duration');
  seconds(config.warmup, result.config.warmup_s, 'a warm-up');
  if (result.config.concurrency !== config.concurrency) differs.push(`concurrency ${result.config.concurrency} (the run asked ${config.concurrency})`);
  if (config.target.kind === 'scenario' && result.scenario !== config.target.id) differs.push(`scenario ${result.scenario} (the run asked ${config.target.id})`);
  return differs.length > 0 ? `result.json is not this run's: it says ${differs.join(', ')}` : null;
}

/** A run's result.json as checked: `notThisRun` says why a readable one is not the run's own (its figures then count for nothing). */
export type CheckedRunResult = Checked<HarnessResult> & { notThisRun: string | null };

/** checkResult, and whether the result is the run's own: on every read, so no view shows a refused one's figures. */
export function checkRunResult(raw: unknown, config: RunConfig): CheckedRunResult {
  const checked = checkResult(raw);
  const notThisRun = checked.value ? askedOtherwise(config, checked.value) : null;
  return notThisRun ? { value: null, version: checked.version, problem: notThisRun, notThisRun } : { ...checked, notThisRun: null };
}
export const checkAnalysis = (raw: unknown): Checked<TraceAnalysis> => check(raw, TraceAnalysis, 'analysis.json');
