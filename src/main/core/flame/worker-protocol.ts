// Messages between the flame decoder and its worker thread.
import type { FlameTree } from '../../../shared/domain';

export interface DecodeRequest {
  id: number;
  file: string;
  kind: string;
  /** Where to keep the decoded tree for next time. */
  cacheFile: string;
  maxDecompressedBytes: number;
}

/** `started` comes first, when the worker takes the request up: the time budget counts from there, not from the worker's start-up. */
export type DecodeReply = { id: number; started: true } | { id: number; tree: FlameTree } | { id: number; error: { message: string; code: string } };
