// Light and dark themes: follow the system until the user picks one, then remember the pick.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'gmpw.theme';

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [chosen, setChosen] = useState<Theme | null>(() => (localStorage.getItem(STORAGE_KEY) as Theme | null) ?? null);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => setSystem(systemTheme());
    query?.addEventListener('change', onChange);
    return () => query?.removeEventListener('change', onChange);
  }, []);
  const theme = chosen ?? system;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORAGE_KEY, next);
    setChosen(next);
  }, [theme]);
  return [theme, toggle];
}

export const ThemeContext = createContext<Theme>('light');

/** The theme in effect, for components that draw their own colours (canvas, terminal). */
export function useThemeName(): Theme {
  return useContext(ThemeContext);
}
