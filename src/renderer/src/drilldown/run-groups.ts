// The run's goroutine groups (start functions) as its analysis lists them, for every drill-down of
// the run: a group's colour is its rank there (group-colours.ts), so it keeps its colour in every
// range. Given once by the Run page's drill-down section, read by each timeline.
import { createContext, useContext } from 'react';

export const RunGroupsContext = createContext<readonly string[] | undefined>(undefined);

export function useRunGroups(): readonly string[] | undefined {
  return useContext(RunGroupsContext);
}
