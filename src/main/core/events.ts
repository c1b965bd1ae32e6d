// The core's event bus: runner and store publish here; each adapter forwards to its clients.
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window, SSE client and CLI progress bar is a listener.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit(name, payload);
  }

  on<E extends EventName>(name: E, listener: EventListener<E>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /** Listen to every event; used by adapters that forward all of them. */
  onAny(listener: <E extends EventName>(name: E, payload: EventPayload<E>) => void, names: readonly EventName[]): () => void {
    const offs = names.map((name) => this.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => off());
  }
}
