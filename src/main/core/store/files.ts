// Readers of the files the Go side writes (resources/go/PROTOCOL.md). Each document carries
// "schema": N; one this workbench does not know is reported with a clear message, never dropped.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { MetricsTick } from '../../../shared/domain';
import { HarnessResult, TraceAnalysis } from '../../../shared/results';
import { UserError } from '../handlers/dispatch';

export const KNOWN_SCHEMA = 1;

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
export const checkAnalysis = (raw: unknown): Checked<TraceAnalysis> => check(raw, TraceAnalysis, 'analysis.json');

/** Read and parse a JSON file; errors name the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot read ${path}: ${(err as Error).message}`, null, 'unreadable');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path} is not valid JSON: ${(err as Error).message}`, null, 'corrupt');
  }
}

/** One metrics.jsonl line as a tick, or null when the line is not a complete tick of a known schema. */
export function parseMetricsLine(line: string): MetricsTick | null {
  let raw: { schema?: unknown; t?: unknown; phase?: unknown; ops?: unknown; gauges?: unknown; hist?: unknown };
  try {
    raw = JSON.parse(line);
  } catch {
    return null; // the process may be killed mid-write: the protocol says to ignore a cut line
  }
  if (raw?.schema !== KNOWN_SCHEMA || typeof raw.t !== 'number') return null;
  return {
    t: raw.t,
    phase: raw.phase === 'warmup' ? 'warmup' : 'measure',
    ops: typeof raw.ops === 'number' ? raw.ops : 0,
    gauges: (raw.gauges ?? {}) as MetricsTick['gauges'],
    hist: (raw.hist ?? {}) as MetricsTick['hist'],
  };
}

/** All complete ticks of a metrics.jsonl text, and how many lines were skipped. */
export function parseMetricsJsonl(text: string): { ticks: MetricsTick[]; skipped: number } {
  const ticks: MetricsTick[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const tick = parseMetricsLine(line);
    if (tick) ticks.push(tick);
    else skipped++;
  }
  return { ticks, skipped };
}
