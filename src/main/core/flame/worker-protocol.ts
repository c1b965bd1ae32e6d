// Messages between the flame decoder and its worker thread.
import type { FlameTree } from '../../../shared/domain';

export interface DecodeRequest {
  id: number;
  file: string;
  kind: string;
}

export type DecodeReply = { id: number; tree: FlameTree } | { id: number; error: { message: string; code: string } };
