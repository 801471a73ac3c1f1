// The app's side of the business-logic Worker: one Worker per open workspace, calls with a
// deadline, ctx.query answered from the device's data. A Worker that misses its deadline, whose
// engine broke, or that sends anything but a well-formed answer to a waiting request (checked by
// logic-guards.ts) is ended and started afresh: a script that hangs costs a message, never a
// frozen app, and nothing it did not compute the proper way is ever applied.
import type { DataRecord, LogicUser, QueryOptions, SyncResult } from '../../src/logic/api.js';
import type { Catalog, Filter, Workspace } from '../../src/model/types.js';
import { checkWorkerMessage } from './logic-guards.js';
import type { FormSnapshot, HostMessage, HostRequest, LoadAnswer, MessagesSnapshot, Moment, PageSnapshot } from './logic-protocol.js';

export const handlerTimeLimitMs = 1000;
/** A call runs up to two handlers (validate + queue) and waits for local queries. */
const deadlineMs = 3 * handlerTimeLimitMs + 1500;

export type QueryAnswerer = (entity: string, filter: Filter, options: QueryOptions) => Promise<DataRecord[]>;

export class LogicStopped extends Error {
  override readonly name = 'LogicStopped';
}

export interface LogicSetup {
  workerUrl: string;
  /** The QuickJS engine's WebAssembly file (content-hashed, in the service worker's shell). */
  engineUrl: string;
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

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/**
 * Compiles the engine once per page, here rather than in the Worker: the Worker may not fetch
 * (connect-src 'none'), and every Worker started later (after a restart) reuses the module.
 */
export function compiledEngine(url: string): Promise<WebAssembly.Module> {
  let module = compiled.get(url);
  if (!module) {
    module = WebAssembly.compileStreaming(fetch(url)).catch(async () => {
      // compileStreaming needs application/wasm; a proxy may have changed the type.
      const response = await fetch(url);
      if (!response.ok) throw new Error(`The logic engine could not be loaded (${response.status}).`);
      return WebAssembly.compile(await response.arrayBuffer());
    });
    module.catch(() => compiled.delete(url));
    compiled.set(url, module);
  }
  return module;
}

interface Waiting {
  type: HostRequest['type'];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class LogicHost {
  private worker?: Worker;
  private loading?: Promise<LoadAnswer>;
  private nextRequestId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Bumped by stop(), so a start still compiling the engine does not bring a Worker back. */
  private generation = 0;
  /** Forms started in the current Worker; a form of an ended Worker must be started again. */
  private readonly openForms = new Set<string>();
  private stopReason = '';
  handlers = new Set<string>();

  constructor(private readonly setup: LogicSetup) {}

  get workspaceId(): string {
    return this.setup.workspace.id;
  }

  /** Starts the Worker and loads the script (once; again after the Worker was ended). */
  load(): Promise<LoadAnswer> {
    if (this.loading) return this.loading;
    const loading = this.start();
    this.loading = loading;
    loading.catch(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    return loading;
  }

  private async start(): Promise<LoadAnswer> {
    const { workspace, catalog, user, logic } = this.setup;
    const generation = this.generation;
    const engine = await compiledEngine(this.setup.engineUrl);
    if (generation !== this.generation) throw new LogicStopped('closed');
    const worker = new Worker(this.setup.workerUrl);
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<unknown>) => {
      if (this.worker === worker) this.receive(event.data);
    };
    worker.onmessageerror = () => this.stop("The workspace's business logic sent a message the app cannot read, and was restarted.");
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop(`The workspace's business logic failed: ${event.message || 'the worker could not start'}.`);
    };
    const answer = await this.send<LoadAnswer>({ type: 'load', engine, workspace, catalog, user, logic, file: `${workspace.id}/logic.js`, timeLimitMs: handlerTimeLimitMs });
    this.handlers = new Set(answer.handlers);
    return answer;
  }

  has(handler: string): boolean {
    return this.handlers.has(handler);
  }

  private receive(data: unknown): void {
    const message = checkWorkerMessage(data, (requestId) => this.waiting.get(requestId)?.type);
    switch (message.kind) {
      case 'refused':
        this.stop(`The workspace's business logic sent ${message.reason}, and was restarted.`);
        return;
      case 'engineBroken':
        this.stop("The workspace's business logic ran out of memory and was restarted.");
        return;
      case 'query': {
        const { queryId } = message;
        this.setup.answer(message.entity, message.filter, message.options).then(
          (records) => this.post({ type: 'queryResult', queryId, records }),
          (error: unknown) => this.post({ type: 'queryResult', queryId, error: String(error) }),
        );
        return;
      }
      case 'answer':
      case 'failure': {
        const waiting = this.waiting.get(message.requestId)!;
        this.waiting.delete(message.requestId);
        clearTimeout(waiting.timer);
        if (message.kind === 'answer') waiting.resolve(message.value);
        else waiting.reject(new Error(message.error));
      }
    }
  }

  private post(message: HostMessage): void {
    this.worker?.postMessage(message);
  }

  private send<T>(request: HostRequest): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.stop("The workspace's business logic stopped answering and was restarted."), deadlineMs);
      this.waiting.set(requestId, { type: request.type, resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ type: 'request', requestId, request });
    });
  }

  /** Ends the Worker; every waiting call fails with `reason`. The next call starts a new one. */
  stop(reason = 'closed'): void {
    this.generation++;
    this.openForms.clear();
    this.stopReason = reason;
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

  async startForm(online: boolean, formId: string, actionId: string, options: { pageId?: string; record?: DataRecord; values?: DataRecord }): Promise<FormSnapshot> {
    const snapshot = await this.call<FormSnapshot>({ type: 'start', moment: moment(online), formId, actionId, ...options });
    this.openForms.add(formId);
    return snapshot;
  }

  /** A call on an open form; if its Worker was ended meanwhile (its engine broke), the caller starts the form again. */
  private formCall(request: Extract<HostRequest, { formId: string }>): Promise<FormSnapshot> {
    if (!this.openForms.has(request.formId)) return Promise.reject(new LogicStopped(this.stopReason || "The workspace's business logic was restarted."));
    return this.call(request);
  }

  change(formId: string, field: string, value: DataRecord[string]): Promise<FormSnapshot> {
    return this.formCall({ type: 'change', formId, field, value });
  }

  validate(formId: string): Promise<FormSnapshot> {
    return this.formCall({ type: 'validate', formId });
  }

  queue(formId: string): Promise<FormSnapshot> {
    return this.formCall({ type: 'queue', formId });
  }

  closeForm(formId: string): void {
    this.openForms.delete(formId);
    if (this.worker) void this.send({ type: 'close', formId }).catch(() => undefined);
  }

  syncResult(online: boolean, result: SyncResult): Promise<MessagesSnapshot> {
    return this.call({ type: 'sync', moment: moment(online), result });
  }
}
