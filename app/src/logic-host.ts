// The app's side of the business-logic Worker: one Worker per open workspace, calls with a
// deadline, ctx.query answered from the device's data. A Worker that misses its deadline is
// ended and started afresh, so a script that hangs costs a message, never a frozen app.
import type { DataRecord, LogicUser, QueryOptions, SyncResult } from '../../src/logic/api.js';
import type { Catalog, Filter, Workspace } from '../../src/model/types.js';
import type { FormSnapshot, HostMessage, HostRequest, LoadAnswer, MessagesSnapshot, Moment, PageSnapshot, WorkerMessage } from './logic-protocol.js';

export const handlerTimeLimitMs = 1000;
/** A call runs up to two handlers (validate + queue) and waits for local queries. */
const deadlineMs = 3 * handlerTimeLimitMs + 1500;

export type QueryAnswerer = (entity: string, filter: Filter, options: QueryOptions) => Promise<DataRecord[]>;

export class LogicStopped extends Error {
  override readonly name = 'LogicStopped';
}

export interface LogicSetup {
  workerUrl: string;
  workspace: Workspace;
  catalog: Catalog;
  user: LogicUser;
  logic: string | null;
  answer: QueryAnswerer;
}

export function moment(online: boolean, at = new Date()): Moment {
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return { online, today: local.toISOString().slice(0, 10), now: at.toISOString() };
}

export class LogicHost {
  private worker?: Worker;
  private loading?: Promise<LoadAnswer>;
  private nextRequestId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  handlers = new Set<string>();

  constructor(private readonly setup: LogicSetup) {}

  get workspaceId(): string {
    return this.setup.workspace.id;
  }

  /** Starts the Worker and loads the script (once; again after the Worker was ended). */
  load(): Promise<LoadAnswer> {
    if (this.loading) return this.loading;
    const worker = new Worker(this.setup.workerUrl);
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop(`The workspace's business logic failed: ${event.message || 'the worker could not start'}.`);
    };
    const { workspace, catalog, user, logic } = this.setup;
    this.loading = this.send<LoadAnswer>({ type: 'load', workspace, catalog, user, logic, file: `${workspace.id}/logic.js`, timeLimitMs: handlerTimeLimitMs })
      .then((answer) => {
        this.handlers = new Set(answer.handlers);
        return answer;
      });
    this.loading.catch(() => { this.loading = undefined; });
    return this.loading;
  }

  has(handler: string): boolean {
    return this.handlers.has(handler);
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'query') {
      this.setup.answer(message.entity, message.filter, message.options).then(
        (records) => this.post({ type: 'queryResult', queryId: message.queryId, records }),
        (error: unknown) => this.post({ type: 'queryResult', queryId: message.queryId, error: String(error) }),
      );
      return;
    }
    const waiting = this.waiting.get(message.requestId);
    if (!waiting) return;
    this.waiting.delete(message.requestId);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.error));
  }

  private post(message: HostMessage): void {
    this.worker?.postMessage(message);
  }

  private send<T>(request: HostRequest): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.stop('The workspace\'s business logic stopped answering and was restarted.'), deadlineMs);
      this.waiting.set(requestId, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ type: 'request', requestId, request });
    });
  }

  /** Ends the Worker; every waiting call fails with `reason`. The next call starts a new one. */
  stop(reason = 'closed'): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.loading = undefined;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new LogicStopped(reason));
    }
    this.waiting.clear();
  }

  private async call<T>(request: HostRequest): Promise<T> {
    await this.load();
    return this.send<T>(request);
  }

  openWorkspace(online: boolean): Promise<MessagesSnapshot> {
    return this.call({ type: 'workspace', moment: moment(online) });
  }

  openPage(online: boolean, pageId: string, record?: DataRecord): Promise<PageSnapshot> {
    return this.call({ type: 'page', moment: moment(online), pageId, ...(record ? { record } : {}) });
  }

  startForm(online: boolean, formId: string, actionId: string, options: { pageId?: string; record?: DataRecord; values?: DataRecord }): Promise<FormSnapshot> {
    return this.call({ type: 'start', moment: moment(online), formId, actionId, ...options });
  }

  change(formId: string, field: string, value: DataRecord[string]): Promise<FormSnapshot> {
    return this.call({ type: 'change', formId, field, value });
  }

  validate(formId: string): Promise<FormSnapshot> {
    return this.call({ type: 'validate', formId });
  }

  queue(formId: string): Promise<FormSnapshot> {
    return this.call({ type: 'queue', formId });
  }

  closeForm(formId: string): void {
    if (this.worker) void this.send({ type: 'close', formId }).catch(() => undefined);
  }

  syncResult(online: boolean, result: SyncResult): Promise<MessagesSnapshot> {
    return this.call({ type: 'sync', moment: moment(online), result });
  }
}
