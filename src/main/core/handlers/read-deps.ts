// What the read-side handlers (history, compare) need from the core.
import type { EventBus } from '../events';
import type { FlameService } from '../flame/service';
import type { Store } from '../store';

export interface ReadSideDeps {
  store: Store;
  flame: FlameService;
  events: EventBus;
}
