// A small promise layer over IndexedDB: open with versioned upgrades, run one transaction
// with plain callbacks (IndexedDB commits a transaction as soon as it has nothing to do, so
// no other promise may be awaited inside), read with getAll.
export type Upgrade = (db: IDBDatabase, oldVersion: number) => void;

export function openDatabase(name: string, version: number, upgrade: Upgrade): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('The app is open in another tab with an older version: close it and reload.'));
  });
}

export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Runs `work` in one transaction and resolves with what it returned once the transaction has
 * committed (so a caller that awaits it knows the data is on disk).
 */
export function transact<T>(db: IDBDatabase, stores: string | string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode, { durability: 'strict' } as IDBTransactionOptions);
    let result: T;
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    try {
      result = work(tx);
    } catch (error) {
      tx.abort();
      reject(error);
    }
  });
}

/** Reads inside a transaction; resolves when the read is done (before commit). */
export function read<T>(db: IDBDatabase, store: string, get: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return requestResult(get(db.transaction(store, 'readonly').objectStore(store)));
}
