// Pages shown in an exported report are read-only: no actions that change or start anything, no
// live streams. Components ask here instead of knowing about reports.
import { createContext, useContext } from 'react';

export const ReadOnlyContext = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}
