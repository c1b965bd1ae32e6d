// Messages between the flame decoder and its worker thread.
import type { FlameTree } from '../../../shared/domain';

export interface DecodeRequest {
  id: number;
  file: string;
  kind: string;
  /** Where to keep the decoded tree for next time. */
  cacheFile: string;
}

export type DecodeReply = { id: number; tree: FlameTree } | { id: number; error: { message: string; code: string } };
