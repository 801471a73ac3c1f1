// The environment's history: every apply, rollback, publication, trust and token change, with
// who and when, newest first.
import type { HistoryEntry, Store } from '../store/types.js';

export class HistoryService {
  constructor(private readonly store: Pick<Store, 'listHistory'>) {}

  list(limit: number): Promise<HistoryEntry[]> {
    return this.store.listHistory(limit);
  }
}
