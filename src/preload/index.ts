// Preload entry (bundled to one CommonJS file so it runs in the sandbox).
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge';

exposeBridge(contextBridge, ipcRenderer);
