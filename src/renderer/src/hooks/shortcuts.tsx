// Keyboard shortcuts: single keys, ignored while typing in a field. Pages register their own
// (e.g. "c" on the runs page) for as long as they are mounted; the help overlay lists all of them.
// A key may have several handlers (Esc closes the help overlay and clears the runs selection): all run.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface Shortcut {
  key: string;
  description: string;
  run: () => void;
}

interface Registry {
  register: (shortcut: Shortcut) => () => void;
  list: () => Shortcut[];
}

const ShortcutContext = createContext<Registry | null>(null);

/** Inputs where a key press is not text: a shortcut should still work while one has focus. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  return el.isContentEditable || ['TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest?.('.xterm');
}

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const shortcuts = useRef<Shortcut[]>([]);
  const [registry] = useState<Registry>(() => ({
    register(shortcut) {
      shortcuts.current = [...shortcuts.current, shortcut];
      return () => {
        shortcuts.current = shortcuts.current.filter((s) => s !== shortcut);
      };
    },
    list: () => shortcuts.current,
  }));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      // Esc works everywhere, also to leave a field; other keys only outside fields.
      if (e.key !== 'Escape' && isTyping(e.target)) return;
      if (e.key === 'Escape' && isTyping(e.target)) (e.target as HTMLElement).blur();
      const matches = shortcuts.current.filter((s) => s.key === e.key);
      if (matches.length === 0) return;
      e.preventDefault();
      for (const s of matches) s.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return <ShortcutContext.Provider value={registry}>{children}</ShortcutContext.Provider>;
}

/** Registers a shortcut while the calling component is mounted; the latest `run` is always used. */
export function useShortcut(key: string, description: string, run: () => void, enabled = true): void {
  const registry = useContext(ShortcutContext);
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register({ key, description, run: () => latest.current() });
  }, [registry, key, description, enabled]);
}

export function useShortcutList(): () => Shortcut[] {
  const registry = useContext(ShortcutContext);
  return () => registry?.list() ?? [];
}
