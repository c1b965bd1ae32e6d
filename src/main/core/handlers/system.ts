// Commands that depend on the host the core runs in. Without a desktop there is no native dialog:
// the Electron adapter replaces this handler with one that opens a real dialog.
import type { DomainHandlers } from './types';
import { UserError } from '../errors';

export const systemHandlers: DomainHandlers<'system.pickPath'> = {
  async 'system.pickPath'() {
    throw new UserError('A file dialog needs the desktop app; type the path instead.', null, 'unavailable');
  },
};
