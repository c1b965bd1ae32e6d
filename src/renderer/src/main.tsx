import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles/app.css';
import { api, apiMode, missingToken } from './api';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {missingToken ? (
      <main className="page" data-testid="missing-token">
        <h1>GMP Workbench</h1>
        <p>Open the URL printed by gmpw serve: it carries this session's access token.</p>
      </main>
    ) : (
      <App api={api} nativeDialogs={apiMode === 'electron'} />
    )}
  </StrictMode>,
);
