// The moments of the app, in order, as the app (and mwkit test) drive them: open the
// workspace, open a page, start an action, change fields, validate, queue, receive a sync
// result. Each calls its handler with a fresh ctx and folds the outcome into the state.
// Environment-agnostic: the app's Worker host runs the same functions.
import type { Action, Filter, Page } from '../model/types.js';
import type { DataRecord, HandlerName, SyncResult, Value } from './api.js';
import { actionContext, pageContext, syncContext, workspaceContext, type CallScope, type LogicEnvironment } from './context.js';
import { resolveFilter, type VariableScope } from './query.js';
import { callHandler, type LogicProblem } from './runtime.js';
import { emptyState, initialFormState, initialPageState, isEmptyValue, type ControlState } from './state.js';
import { applyValidationResult } from './validation-result.js';

export interface SessionResult {
  state: ControlState;
  problems: LogicProblem[];
}

/** A change the user could not have made: the session refuses it, the handler is not called. */
export class RefusedInput extends Error {
  override readonly name = 'RefusedInput';
}

async function run(scope: CallScope, ctx: object, problems: LogicProblem[]): Promise<{ value: unknown; isOk: boolean }> {
  const { env, handler } = scope;
  const outcome = await callHandler(env.sandbox, handler, ctx, env.timeLimitMs, scope.state.usage);
  if (!outcome.ok) {
    problems.push(outcome.problem);
    return { value: undefined, isOk: false };
  }
  if (outcome.value !== undefined && handler !== 'onActionValidating') {
    problems.push({
      code: 'MW230',
      handler,
      position: env.sandbox.declarations.get(handler),
      message: `${handler} returned a value, but the app ignores what ${handler} returns.`,
      hint: 'Change what the user sees through ctx (ctx.setValue, ctx.setFieldError, ctx.addMessage …); only onActionValidating returns messages.',
    });
  }
  return { value: outcome.value, isOk: true };
}

function scopeOf(env: LogicEnvironment, record?: DataRecord): VariableScope {
  return { user: env.user, today: env.today, record };
}

export async function openWorkspace(env: LogicEnvironment): Promise<SessionResult> {
  const state = emptyState();
  const problems: LogicProblem[] = [];
  const scope: CallScope = { env, handler: 'onWorkspaceOpened', state };
  await run(scope, workspaceContext(scope), problems);
  return { state, problems };
}

function resolvedPageFilter(page: Page, env: LogicEnvironment): Filter | undefined {
  if (page.kind !== 'list') return undefined;
  try {
    return resolveFilter(page.filter ?? {}, scopeOf(env));
  } catch {
    return page.filter ?? {}; // validate reports a broken filter; logic still gets to see it
  }
}

export async function openPage(env: LogicEnvironment, page: Page, record?: DataRecord): Promise<SessionResult> {
  const state = initialPageState(page, env.catalog, record);
  const problems: LogicProblem[] = [];
  const scope: CallScope = { env, handler: 'onPageOpened', state, record };
  await run(scope, pageContext(scope, { id: page.id, kind: page.kind, filter: resolvedPageFilter(page, env) }), problems);
  return { state, problems };
}

export interface StartOptions {
  /** The page the action was started from. */
  pageId?: string;
  /** The page's record (details pages), which update, delete and operation actions act on. */
  record?: DataRecord;
  /** Values the form has before onActionStarted, on top of the defaults. */
  values?: DataRecord;
}

/** An action's form, from start to queue. */
export class ActionForm {
  readonly problems: LogicProblem[] = [];
  /** Result of the last validation; undefined before the first one. */
  isValid?: boolean;
  /** Whether the last queue attempt queued the operation. */
  isQueued?: boolean;

  private constructor(
    readonly env: LogicEnvironment,
    readonly action: Action,
    readonly state: ControlState,
    readonly options: StartOptions,
  ) {}

  static async start(env: LogicEnvironment, action: Action, options: StartOptions = {}): Promise<ActionForm> {
    const state = initialFormState(action, env.catalog, scopeOf(env, options.record), options.values);
    const form = new ActionForm(env, action, state, options);
    await form.call('onActionStarted');
    return form;
  }

  private scope(handler: HandlerName): CallScope {
    return { env: this.env, handler, state: this.state, record: this.options.record };
  }

  private call(handler: HandlerName, extra?: Record<string, unknown>): Promise<{ value: unknown; isOk: boolean }> {
    const scope = this.scope(handler);
    return run(scope, actionContext(scope, this.action, this.options.pageId, extra), this.problems);
  }

  /** The user changes a field; onFieldChanged runs. Refused for fields the user cannot edit. */
  async change(field: string, value: Value): Promise<void> {
    const tracked = this.state.fields.get(field);
    if (!tracked) throw new RefusedInput(`\`${field}\` is not a field of action ${this.action.id}.`);
    if (!tracked.visible) throw new RefusedInput(`The user cannot change \`${field}\`: it is hidden.`);
    if (tracked.readOnly) throw new RefusedInput(`The user cannot change \`${field}\`: it is read-only.`);
    const previousValue = this.state.values[field] ?? null;
    this.state.values[field] = value;
    this.state.valueOrigins.delete(field);
    await this.call('onFieldChanged', { field, value, previousValue });
  }

  /** Required fields, then onActionValidating. Any error (field or form) blocks queueing. */
  async validate(): Promise<boolean> {
    this.clearValidation();
    for (const [name, field] of this.state.fields) {
      if (field.visible && field.required && !field.error && isEmptyValue(this.state.values[name])) {
        field.error = `${field.label} is required.`;
        field.isValidationError = true;
        delete field.origins.error;
      }
    }
    const scope = this.scope('onActionValidating');
    const { value, isOk } = await this.call('onActionValidating');
    const problem = isOk ? applyValidationResult(scope, value) : undefined;
    if (problem) this.problems.push(problem);
    const hasErrors = [...this.state.fields.values()].some((f) => f.error) || this.state.messages.some((m) => m.severity === 'error');
    this.isValid = isOk && !problem && !hasErrors;
    return this.isValid;
  }

  /** Validates; if nothing blocks, onActionQueuing has the last word on the values. */
  async queue(): Promise<boolean> {
    this.isQueued = (await this.validate()) && (await this.call('onActionQueuing')).isOk;
    return this.isQueued;
  }

  private clearValidation(): void {
    for (const field of this.state.fields.values()) {
      if (field.isValidationError) {
        delete field.error;
        delete field.isValidationError;
      }
    }
    this.state.messages = this.state.messages.filter((m) => !m.isFromValidation);
  }
}

export async function deliverSyncResult(env: LogicEnvironment, result: SyncResult): Promise<SessionResult> {
  const state = emptyState();
  const problems: LogicProblem[] = [];
  const scope: CallScope = { env, handler: 'onSyncResult', state, record: result.record };
  await run(scope, syncContext(scope, result), problems);
  return { state, problems };
}
