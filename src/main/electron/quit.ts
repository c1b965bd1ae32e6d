// Quitting waits for the core to close: closing cancels the active run, waits until none of its
// processes is left, and closes the database. Electron would otherwise exit on the spot, leaving the
// run's target alive and the run marked active until the next start.
export interface QuittableApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function closeBeforeQuit(app: QuittableApp, close: () => Promise<void>, onError: (err: unknown) => void): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    // Held until the core is closed, however many times quitting is asked for meanwhile.
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch(onError)
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
