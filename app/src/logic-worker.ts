// The business-logic Worker: loads a workspace's script (the same transform and prelude as
// `mwkit test`), keeps the open forms, and answers the app's calls. A script runs here, away
// from the page, so a slow or endless handler cannot freeze the app: the loop guard ends it
// within the time limit, and the app ends the whole Worker if it stops answering.
// The Worker is served with a CSP without 'unsafe-eval' and with connect-src 'none'.
import type { DataRecord, HandlerName, LocalData, LogicUser, QueryOptions } from '../../src/logic/api.js';
import { preludeSource, type SettledCall } from '../../src/logic/prelude.js';
import {
  checkExports, loadProblem, outcomeOf, positionInStack, prepareScript,
  type LogicProblem, type LogicSandbox, type ScriptIdentity,
} from '../../src/logic/runtime.js';
import { ActionForm, deliverSyncResult, openPage, openWorkspace } from '../../src/logic/session.js';
import type { LogicEnvironment } from '../../src/logic/context.js';
import type { Catalog, Filter, Workspace } from '../../src/model/types.js';
import type { FormSnapshot, HostMessage, HostRequest, LoadAnswer, MessagesSnapshot, Moment, PageSnapshot, ShownProblem, WorkerMessage } from './logic-protocol.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: { data: HostMessage }) => void): void;
  importScripts(...urls: string[]): void;
  [name: string]: unknown;
}

const scope = self as unknown as WorkerScope;
const post = scope.postMessage.bind(scope);
const importScript = scope.importScripts.bind(scope);

interface Loaded {
  workspace: Workspace;
  catalog: Catalog;
  user: LogicUser;
  sandbox: LogicSandbox;
  timeLimitMs: number;
}

let loaded: Loaded | undefined;
const forms = new Map<string, ActionForm>();
const pendingQueries = new Map<number, { resolve: (records: DataRecord[]) => void; reject: (error: Error) => void }>();
let nextQueryId = 1;

const localData: LocalData = {
  query(entity: string, filter: Filter, options: QueryOptions) {
    const queryId = nextQueryId++;
    return new Promise<DataRecord[]>((resolve, reject) => {
      pendingQueries.set(queryId, { resolve, reject });
      post({ type: 'query', queryId, entity, filter, options });
    });
  },
};

function runBlob(source: string): string {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  importScript(url);
  return url;
}

/** What a script could reach besides the language: switched off once the script is loaded. */
const hostGlobals = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'indexedDB', 'caches', 'importScripts', 'postMessage', 'close', 'Worker', 'BroadcastChannel', 'localStorage', 'navigator', 'location'];

function lockDown(): void {
  for (const name of hostGlobals) {
    try {
      Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // Not every global can be shadowed; the validator (MW222) already refuses scripts that use them.
    }
  }
}

function noLogic(file: string): LogicSandbox {
  return { file, handlers: new Set(), declarations: new Map(), invoke: async () => ({ ok: true, value: undefined }), resolved: (v) => Promise.resolve(v), callSite: () => undefined };
}

function loadScript(code: string, file: string): { sandbox?: LogicSandbox; problems: LogicProblem[] } {
  const { prepared, problems } = prepareScript(code, file);
  if (!prepared) return { problems };
  const global = scope as unknown as { __mwkit_invoke(call: unknown): void; __mwkit_exports(): Array<[string, string]> };
  let scriptName = file;
  try {
    runBlob(preludeSource);
    scriptName = runBlob(prepared.runnable.code);
  } catch (error) {
    return { problems: [loadProblem(error, { file, scriptName, mapPosition: prepared.mapPosition, mapOriginal: prepared.mapOriginal })] };
  }
  const checked = checkExports(global.__mwkit_exports(), prepared.runnable.exports, file, prepared.mapOriginal);
  if (checked.problems.length > 0) return { problems: checked.problems };
  const identity: ScriptIdentity = { file, scriptName, mapPosition: prepared.mapPosition, mapOriginal: prepared.mapOriginal, declarations: checked.declarations };
  const sandbox: LogicSandbox = {
    file, handlers: checked.handlers, declarations: checked.declarations,
    invoke: (handler: HandlerName, ctx: object, timeLimitMs: number) => new Promise((resolve) => {
      let isSettled = false;
      global.__mwkit_invoke({ name: handler, ctx, timeLimitMs, settle: (outcome: SettledCall) => {
        if (isSettled) return;
        isSettled = true;
        resolve(outcomeOf(handler, outcome, timeLimitMs, identity));
      } });
    }),
    resolved: (value) => Promise.resolve(value),
    callSite() {
      // V8's (Chromium's) stack depth setting; other engines ignore it.
      const errors = Error as unknown as { stackTraceLimit?: number };
      const limit = errors.stackTraceLimit;
      errors.stackTraceLimit = 50;
      try {
        return positionInStack(new Error().stack, identity);
      } finally {
        errors.stackTraceLimit = limit;
      }
    },
  };
  return { sandbox, problems: [] };
}

function shown(problems: readonly LogicProblem[]): ShownProblem[] {
  return problems.map((p) => ({ message: p.message, ...(p.position ? { at: `${p.position.file}:${p.position.line}:${p.position.column}` } : {}) }));
}

function environment(moment: Moment): LogicEnvironment {
  if (!loaded) throw new Error('No workspace is loaded in the logic worker.');
  return { sandbox: loaded.sandbox, workspace: loaded.workspace, catalog: loaded.catalog, user: loaded.user, data: localData, timeLimitMs: loaded.timeLimitMs, ...moment };
}

function formSnapshot(form: ActionForm): FormSnapshot {
  const fields: FormSnapshot['fields'] = {};
  for (const [name, f] of form.state.fields) {
    fields[name] = { label: f.label, visible: f.visible, readOnly: f.readOnly, required: f.required, ...(f.error ? { error: f.error } : {}), ...(f.lookupFilter ? { lookupFilter: f.lookupFilter } : {}) };
  }
  return {
    values: { ...form.state.values }, fields,
    messages: form.state.messages.map((m) => ({ severity: m.severity, text: m.text })),
    problems: shown(form.problems.splice(0)),
    ...(form.isValid !== undefined ? { isValid: form.isValid } : {}),
    ...(form.isQueued !== undefined ? { isQueued: form.isQueued } : {}),
  };
}

function formOf(formId: string): ActionForm {
  const form = forms.get(formId);
  if (!form) throw new Error(`The form ${formId} is not open.`);
  return form;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.type) {
    case 'load': {
      const result = request.logic ? loadScript(request.logic, request.file) : { sandbox: noLogic(request.file), problems: [] };
      lockDown();
      loaded = { workspace: request.workspace, catalog: request.catalog, user: request.user, sandbox: result.sandbox ?? noLogic(request.file), timeLimitMs: request.timeLimitMs };
      return { handlers: [...loaded.sandbox.handlers], problems: shown(result.problems) } satisfies LoadAnswer;
    }
    case 'workspace': {
      const { state, problems } = await openWorkspace(environment(request.moment));
      return { messages: state.messages.map((m) => ({ severity: m.severity, text: m.text })), problems: shown(problems) } satisfies MessagesSnapshot;
    }
    case 'page': {
      const page = loaded?.workspace.pages.find((p) => p.id === request.pageId);
      if (!page) throw new Error(`No page ${request.pageId}.`);
      const { state, problems } = await openPage(environment(request.moment), page, request.record);
      return {
        values: state.values,
        fields: Object.fromEntries([...state.fields].map(([name, f]) => [name, { label: f.label, visible: f.visible }])),
        actions: Object.fromEntries([...state.actions].map(([id, a]) => [id, a.visible])),
        messages: state.messages.map((m) => ({ severity: m.severity, text: m.text })),
        problems: shown(problems),
      } satisfies PageSnapshot;
    }
    case 'start': {
      const action = loaded?.workspace.actions?.find((a) => a.id === request.actionId);
      if (!action) throw new Error(`No action ${request.actionId}.`);
      const form = await ActionForm.start(environment(request.moment), action, {
        ...(request.pageId ? { pageId: request.pageId } : {}), ...(request.record ? { record: request.record } : {}), ...(request.values ? { values: request.values } : {}),
      });
      forms.set(request.formId, form);
      return formSnapshot(form);
    }
    case 'change': {
      const form = formOf(request.formId);
      await form.change(request.field, request.value);
      return formSnapshot(form);
    }
    case 'validate': {
      const form = formOf(request.formId);
      await form.validate();
      return formSnapshot(form);
    }
    case 'queue': {
      const form = formOf(request.formId);
      await form.queue();
      return formSnapshot(form);
    }
    case 'close':
      forms.delete(request.formId);
      return null;
    case 'sync': {
      const { state, problems } = await deliverSyncResult(environment(request.moment), request.result);
      return { messages: state.messages.map((m) => ({ severity: m.severity, text: m.text })), problems: shown(problems) } satisfies MessagesSnapshot;
    }
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'queryResult') {
    const waiting = pendingQueries.get(message.queryId);
    pendingQueries.delete(message.queryId);
    if (message.error !== undefined) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.records ?? []);
    return;
  }
  handle(message.request).then(
    (value) => post({ type: 'reply', requestId: message.requestId, ok: true, value }),
    (error: unknown) => post({ type: 'reply', requestId: message.requestId, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
