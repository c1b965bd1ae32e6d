// The application shell: navigation, theme, global shortcuts and the page for the current route.
import { useState } from 'react';
import type { GmpwApi } from '../../shared/contract';
import { ActiveRunsBadge } from './components/ActiveRunsBadge';
import { ApiProvider, useCommand, type ArtifactFetcher } from './api/context';
import { HelpOverlay } from './components/HelpOverlay';
import { navigate, routeHref, useRoute, type Route } from './routing';
import { ShortcutProvider, useShortcut, useShortcutList } from './hooks/shortcuts';
import { ThemeContext, useTheme } from './hooks/theme';
import { GoSetupNotice, ToolchainStatus } from './components/ToolchainStatus';
import { CellsPage } from './pages/CellsPage';
import { ComparePage } from './pages/ComparePage';
import { LivePage } from './pages/LivePage';
import { NewRunPage } from './pages/NewRunPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';

export function App({ api, nativeDialogs, fetchArtifact }: { api: GmpwApi; nativeDialogs: boolean; fetchArtifact: ArtifactFetcher | null }) {
  return (
    <ApiProvider api={api} nativeDialogs={nativeDialogs} fetchArtifact={fetchArtifact}>
      <ShortcutProvider>
        <Shell />
      </ShortcutProvider>
    </ApiProvider>
  );
}

const NAV: Array<{ label: string; page: Route['page']; route: Route; key: string }> = [
  { label: 'Runs', page: 'runs', route: { page: 'runs' }, key: 'r' },
  { label: 'New run', page: 'new', route: { page: 'new' }, key: 'n' },
  { label: 'Live', page: 'live', route: { page: 'live', runIds: [] }, key: 'l' },
  { label: 'Compare', page: 'compare', route: { page: 'compare', baseline: '', candidates: [] }, key: '' },
];

function Shell() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);
  const listShortcuts = useShortcutList();
  const toolchain = useCommand('toolchain.info', {});

  useShortcut('r', 'Go to the run history', () => navigate({ page: 'runs' }));
  useShortcut('n', 'Start a new run', () => navigate({ page: 'new' }));
  useShortcut('l', 'Watch the live run', () => navigate({ page: 'live', runIds: [] }));
  useShortcut('t', 'Toggle light/dark theme', toggleTheme);
  useShortcut('/', 'Focus the filter or search box', () => document.querySelector<HTMLInputElement>('[data-filter-input]')?.focus());
  useShortcut('?', 'Show these shortcuts', () => setHelpOpen(true));
  useShortcut('Escape', 'Close dialogs, leave a field', () => setHelpOpen(false));

  return (
    <ThemeContext.Provider value={theme}>
      <div className="app">
        <nav className="topbar">
          <span className="brand">GMP Workbench</span>
          {NAV.map((item) => (
            <a key={item.page} href={routeHref(item.route)} className={route.page === item.page || (item.page === 'runs' && route.page === 'run') || (item.page === 'compare' && route.page === 'cells') ? 'active' : ''}>
              {item.label}
              {item.page === 'live' && <ActiveRunsBadge />}
              {item.key && <kbd className="nav-key" title={`Shortcut: ${item.key}`}>{item.key}</kbd>}
            </a>
          ))}
          <span className="spacer" />
          <ToolchainStatus info={toolchain} />
          <button type="button" className="icon" onClick={() => setHelpOpen(true)} title="Keyboard shortcuts (?)">
            ?
          </button>
          <button type="button" className="icon" onClick={toggleTheme} title="Toggle theme (t)" aria-label="Toggle theme">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </nav>
        <main className="page">
          <GoSetupNotice info={toolchain} />
          <Page route={route} />
        </main>
        {helpOpen && <HelpOverlay shortcuts={listShortcuts()} onClose={() => setHelpOpen(false)} />}
      </div>
    </ThemeContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'runs':
      return <RunsPage />;
    case 'new':
      return <NewRunPage key={route.from ?? ''} from={route.from} />;
    case 'live':
      return <LivePage runIds={route.runIds} />;
    case 'run':
      return <RunPage key={route.id} id={route.id} />;
    case 'compare':
      return <ComparePage key={`${route.baseline}/${route.candidates.join(',')}`} baseline={route.baseline} candidates={route.candidates} />;
    case 'cells':
      return <CellsPage key={route.experimentId} experimentId={route.experimentId} baseline={route.baseline} />;
  }
}
