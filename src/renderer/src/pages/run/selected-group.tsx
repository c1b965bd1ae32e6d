// The goroutine group picked on the Run page (its start function, or null for all goroutines). The
// Goroutines table sets it; the latency charts and the drill-down read it to show that group only.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export interface SelectedGroupState {
  /** Start function of the picked group; null: all goroutines. */
  selectedGroup: string | null;
  setSelectedGroup: (startFunc: string | null) => void;
}

const NONE: SelectedGroupState = { selectedGroup: null, setSelectedGroup: () => {} };

export const SelectedGroupContext = createContext<SelectedGroupState>(NONE);

export function SelectedGroupProvider({ children }: { children: ReactNode }) {
  const [selectedGroup, setSelectedGroup] = useState<string | null>(null);
  const value = useMemo(() => ({ selectedGroup, setSelectedGroup }), [selectedGroup]);
  return <SelectedGroupContext.Provider value={value}>{children}</SelectedGroupContext.Provider>;
}

export function useSelectedGroup(): SelectedGroupState {
  return useContext(SelectedGroupContext);
}
