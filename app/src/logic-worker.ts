// The business-logic Worker: loads a workspace's script into a QuickJS runtime compiled to
// WebAssembly (src/logic/quickjs/, the same sandbox as `mwkit test`), keeps the open forms, and
// answers the app's calls. The script's world holds no object of this Worker at all: no
// IndexedDB, postMessage, importScripts, fetch or self, and its built-ins are its own, so it
// cannot steer the form session (ActionForm) that runs here, in the Worker's realm. A script
// runs away from the page, so a slow or endless handler cannot freeze the app; the app ends
// the whole Worker if it stops answering or its engine broke. The Worker is served with a CSP
// without 'unsafe-eval' and with connect-src 'none'; the page hands it the compiled engine.
import './worker-polyfills.js';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { DataRecord, LocalData, LogicUser, QueryOptions } from '../../src/logic/api.js';
import { quickJSEngineFromModule } from '../../src/logic/quickjs/engine-browser.js';
import { quickJSLoader } from '../../src/logic/quickjs/sandbox.js';
import type { LogicProblem, LogicSandbox } from '../../src/logic/runtime.js';
import { ActionForm, deliverSyncResult, openPage, openWorkspace } from '../../src/logic/session.js';
import type { LogicEnvironment } from '../../src/logic/context.js';
import type { Catalog, Filter, Workspace } from '../../src/model/types.js';
import type { FormSnapshot, HostMessage, HostRequest, LoadAnswer, MessagesSnapshot, Moment, PageSnapshot, ShownProblem, WorkerMessage } from './logic-protocol.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: { data: HostMessage }) => void): void;
}

const scope = self as unknown as WorkerScope;
const post = scope.postMessage.bind(scope);

interface Loaded {
  workspace: Workspace;
  catalog: Catalog;
  user: LogicUser;
  sandbox: LogicSandbox;
  timeLimitMs: number;
}

let loaded: Loaded | undefined;
let engine: Promise<QuickJSWASMModule> | undefined;
/** Set when the engine may be unusable: the app is told after the current answer, and ends this Worker. */
let isEngineBroken = false;
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

function noLogic(file: string): LogicSandbox {
  return { file, handlers: new Set(), declarations: new Map(), invoke: async () => ({ ok: true, value: undefined }), resolved: (v) => Promise.resolve(v), callSite: () => undefined };
}

async function loadScript(wasmModule: WebAssembly.Module, code: string, file: string, timeLimitMs: number): Promise<{ sandbox?: LogicSandbox; problems: LogicProblem[] }> {
  engine ??= quickJSEngineFromModule(wasmModule);
  return quickJSLoader(code, {
    file,
    timeLimitMs,
    onEngineBroken: () => {
      isEngineBroken = true;
    },
  })(await engine);
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
    fields[name] = {
      label: f.label,
      visible: f.visible,
      readOnly: f.readOnly,
      required: f.required,
      ...(f.error ? { error: f.error } : {}),
      ...(f.lookupFilter ? { lookupFilter: f.lookupFilter } : {}),
    };
  }
  return {
    values: { ...form.state.values },
    fields,
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
      const result = request.logic ? await loadScript(request.engine, request.logic, request.file, request.timeLimitMs) : { sandbox: noLogic(request.file), problems: [] };
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
        ...(request.pageId ? { pageId: request.pageId } : {}),
        ...(request.record ? { record: request.record } : {}),
        ...(request.values ? { values: request.values } : {}),
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
  if (isEngineBroken) {
    post({ type: 'reply', requestId: message.requestId, ok: false, error: 'The logic engine stopped.' });
    return;
  }
  handle(message.request)
    .then(
      (value) => post({ type: 'reply', requestId: message.requestId, ok: true, value }),
      (error: unknown) => post({ type: 'reply', requestId: message.requestId, ok: false, error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => {
      if (isEngineBroken) post({ type: 'engineBroken' });
    });
});
