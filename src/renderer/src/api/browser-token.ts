// Browser mode's access token. `gmpw serve` prints it in the URL fragment (#token=…), which browsers
// never send to a server nor put in a Referer. The page keeps it in this tab's session storage,
// which belongs to this origin alone (port included, unlike cookies), and takes it out of the
// address bar and the history at once.
const KEY = 'gmpw-token';
const FRAGMENT = /^#token=([A-Za-z0-9_-]+)$/;

type Place = Pick<Location, 'hash' | 'pathname' | 'search'>;

/** The token from the opened URL (stored for reloads) or from an earlier load of this tab; null when there is none. */
export function takeBrowserToken(location: Place, history: Pick<History, 'replaceState'>, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const match = FRAGMENT.exec(location.hash);
  if (match) {
    storage.setItem(KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(KEY);
}
