// The part of the sync log one push batch can meet, read from the store once at the start: the
// stored results of the batch's operation ids and the real keys of the local keys it names. The
// batch's own results and keys are added as it writes them, so a later operation of the batch
// sees them as it would in the store. The push holds the write lock, so nothing else changes
// these rows meanwhile; one query per batch instead of two or three per operation.
import { isLocalKey, type ClientOperation, type StoredOperation, type SyncTransaction } from './types.js';

export class BatchLog {
  private constructor(
    private readonly tx: SyncTransaction,
    private readonly deviceId: string,
    private readonly results: Map<string, StoredOperation>,
    private readonly realKeys: Map<string, string>,
  ) {}

  static async read(tx: SyncTransaction, deviceId: string, operations: readonly ClientOperation[]): Promise<BatchLog> {
    const localKeys = operations.flatMap((operation) => [operation.key, ...Object.values(operation.values)].filter(isLocalKey));
    const results = await tx.findOperations(operations.map((operation) => operation.id));
    const realKeys = await tx.resolveLocalKeys(deviceId, localKeys);
    return new BatchLog(tx, deviceId, results, realKeys);
  }

  /** The stored result of an operation id: applied earlier, or earlier in this batch. */
  result(operationId: string): StoredOperation | undefined {
    return this.results.get(operationId);
  }

  // The two saves note what they write before the store has it: a failed write fails the whole
  // push, whose transaction is rolled back, so the notes never outlive it.
  saveResult(operationId: string, operation: StoredOperation & { at: string }): Promise<void> {
    this.results.set(operationId, operation);
    return this.tx.saveOperation(operationId, operation);
  }

  /** The real key the device's local key became, if its create was applied. */
  realKey(localKey: string): string | undefined {
    return this.realKeys.get(localKey);
  }

  saveLocalKey(localKey: string, entity: string, key: string): Promise<void> {
    this.realKeys.set(localKey, key);
    return this.tx.saveLocalKey(this.deviceId, localKey, entity, key);
  }
}
