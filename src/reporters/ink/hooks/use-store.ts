import { useSyncExternalStore } from 'react';
import type { UiStore, UiState } from '../store.js';

/** Re-render when the store notifies (at most every ~50 ms), and read its current state. */
export function useStore(store: UiStore): UiState {
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  return store.state;
}
