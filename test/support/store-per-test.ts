// A store per vitest test (this file imports vitest; Playwright specs use store-fixtures.ts alone).
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../../src/main/core/store';
import { tempDataDir } from './store-fixtures';

/** A store in a temporary data directory, opened before each test of the calling file and removed after it. */
export function storePerTest(): { readonly store: Store } {
  let data: ReturnType<typeof tempDataDir>;
  let store: Store;
  beforeEach(() => {
    data = tempDataDir();
    store = Store.open(data.dir);
  });
  afterEach(() => {
    store.close();
    data.cleanup();
  });
  return {
    get store() {
      return store;
    },
  };
}
