// Stand-in for the electron package in Node tests: requiring the real one from Node tries to find
// (and download) the Electron binary. Adapter tests pass their own fakes; this only makes imports load.
export const app = {};
export const BrowserWindow = class {};
export const ipcMain = {};
export const ipcRenderer = {};
export const contextBridge = {};
export const protocol = {};
export const session = {};
export const dialog = {};
export const shell = {};
export const net = {};
export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, protocol, session, dialog, shell, net };
