// Cancellation of one run, requested from outside (runs.cancel, shutdown) while it executes.
export class RunControl {
  cancelled = false;
  private readonly listeners: (() => void)[] = [];

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.listeners.splice(0).forEach((l) => l());
  }

  /** Calls `listener` on cancel (at once if already cancelled); returns the unsubscribe. */
  onCancel(listener: () => void): () => void {
    if (this.cancelled) listener();
    else this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
