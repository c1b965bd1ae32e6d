// The GmpwApi of an exported report: every command is answered from the snapshot recorded at export
// time (shared/report.ts), nothing can change, and no event ever arrives.
import type { GmpwApi } from '../../../shared/contract';
import { answerKey, type ReportSnapshot } from '../../../shared/report';
import { ApiError, unwrap } from '../api/errors';

function keyOf(name: Parameters<GmpwApi['invoke']>[0], input: unknown): string | null {
  try {
    return answerKey(name, input);
  } catch {
    return null;
  }
}

export function createSnapshotApi(snapshot: ReportSnapshot): GmpwApi {
  return {
    async invoke(name, input) {
      const key = keyOf(name, input);
      const outcome = key === null ? undefined : snapshot.answers[key];
      if (!outcome) {
        throw new ApiError({ message: 'This report does not include that view; open the runs in GMP Workbench to see it.', field: null, code: 'not-in-report' });
      }
      return unwrap(outcome) as never;
    },
    subscribe: () => () => undefined,
  };
}
