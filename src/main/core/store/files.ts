// Readers of the files the Go side writes (resources/go/PROTOCOL.md). Each document carries
// "schema": N; one this workbench does not know is reported with a clear message, never dropped.
import type { z } from 'zod';
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
export const checkAnalysis = (raw: unknown): Checked<TraceAnalysis> => check(raw, TraceAnalysis, 'analysis.json');
