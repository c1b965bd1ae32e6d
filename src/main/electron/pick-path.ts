// system.pickPath in the desktop app: the main process opens the dialog, so every path the renderer
// later names for a target was picked by the user here or typed and validated by the core.
import type { OpenDialogOptions } from 'electron';
import type { Handler } from '../core/handlers/types';

export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export function createPickPathHandler<W>(dialog: DialogLike<W>, parentWindow: () => W): Handler<'system.pickPath'> {
  return async ({ kind, title }) => {
    const result = await dialog.showOpenDialog(parentWindow(), {
      title: title || (kind === 'directory' ? 'Choose a folder' : 'Choose a file'),
      properties: [kind === 'directory' ? 'openDirectory' : 'openFile'],
    });
    return { path: result.canceled ? null : (result.filePaths[0] ?? null) };
  };
}
