import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles/app.css';
import { api, apiMode } from './api';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} nativeDialogs={apiMode === 'electron'} />
  </StrictMode>,
);
