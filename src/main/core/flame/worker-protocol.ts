// Messages between the flame decoder and its worker thread.
import type { FlameTree, LabelFocus } from '../../../shared/domain';

/** What to decode: the profile, its kind (which picks the sample type), the label it focuses on. */
export interface DecodeJob {
  file: string;
  kind: string;
  focus: LabelFocus | null;
  /** Where to keep the decoded tree for next time. */
  cacheFile: string;
}

export interface DecodeRequest extends DecodeJob {
  id: number;
  maxDecompressedBytes: number;
}

/** `started` comes first, when the worker takes the request up: the time budget counts from there, not from the worker's start-up. */
export type DecodeReply = { id: number; started: true } | { id: number; tree: FlameTree } | { id: number; error: { message: string; code: string } };
