// What a scenario computed beyond ops and latency (env.Report: peak threads, longest wait, throttled
// periods …) and what it noted for the reader (env.Note), as every view states them: result.json's
// own figures, by name, in the unit the scenario gave.
import { durationText } from './duration-text';
import type { HarnessResult } from './results';

export interface ScenarioValue {
  name: string;
  /** "6.28 ms", "68 threads", "0.42": the value in its unit; "not finite" when the scenario computed no finite one (result.json's null). */
  text: string;
  value: number | null;
  unit: string;
}

/** A number as it was reported: whole numbers whole (a count), others to three significant digits without padding (0.5, not 0.500). */
function numberText(v: number): string {
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}

/** The scenario's values, by name; a duration (unit "s") written as one, by the view's `duration` (the CLI's is compact). */
export function scenarioValues(result: Pick<HarnessResult, 'values'>, duration: (s: number) => string = durationText): ScenarioValue[] {
  return Object.entries(result.values ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { value, unit }]) => {
      const text = value === null ? 'not finite' : unit === 's' ? duration(value) : `${numberText(value)}${unit ? ` ${unit}` : ''}`;
      return { name, text, value, unit };
    });
}
