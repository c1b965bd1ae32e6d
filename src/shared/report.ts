// An exported report is the app's own pages answering from a snapshot: at export time the core
// records the answers to exactly the commands those pages send, keyed by command and input, and
// the report page replays them. Both sides key an answer the same way, here.
import { commands, type CommandName } from './contract';
import type { Outcome } from './transport';

export const REPORT_KINDS = ['run', 'compare', 'experiment'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** One page of the report, reachable from its navigation (a route hash of the app). */
export interface ReportPage {
  label: string;
  hash: string;
}

export interface ReportSnapshot {
  /** Bumped when the shape changes, so a reader of an old file can tell. */
  format: 1;
  kind: ReportKind;
  title: string;
  /** ISO time of the export. */
  exportedAt: string;
  /** Where the report opens, then the other pages it holds (a comparison holds each run's page). */
  pages: ReportPage[];
  /** Command answers (or the errors the app would show) by answerKey(name, input). */
  answers: Record<string, Outcome<unknown>>;
  /** Profiles in the report are pruned to frames at least this share of the profile's total. */
  minFrameShare: number;
}

/** JSON with object keys sorted, so equal inputs give equal keys whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The key of a command's answer: its input as the contract parses it (defaults filled in). */
export function answerKey(name: CommandName, input: unknown): string {
  return `${name} ${stableJson(commands[name].input.parse(input ?? {}))}`;
}

/** Whether the snapshot holds an answer (not a recorded error) to this command, for any input. */
export function holdsAnswers(snapshot: Pick<ReportSnapshot, 'answers'>, name: CommandName): boolean {
  // answerKey puts the name first, then a space: command names have none.
  const prefix = `${name} `;
  return Object.entries(snapshot.answers).some(([key, outcome]) => key.startsWith(prefix) && outcome.ok);
}

/** The id of the element holding the snapshot, packed (SNAPSHOT_ENCODING). */
export const SNAPSHOT_ELEMENT_ID = 'gmpw-report-data';
export const SNAPSHOT_ENCODING = 'gzip+base64';

/** The snapshot from its packed text (gzipped JSON in base64), with what every current browser and Node have. */
export async function unpackSnapshot(packed: string): Promise<ReportSnapshot> {
  const bytes = Uint8Array.from(atob(packed.trim()), (c) => c.charCodeAt(0));
  const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return JSON.parse(json) as ReportSnapshot;
}
