// Runs the cases of a logic test suite: for each case a fresh sandbox (no state leaks from
// one case to the next), the case's user, day and local data, then the moments it names,
// then its expectations. Problems of the script (a throw, the time limit) fail the case.
import type { Diagnostic } from '../../diagnostics.js';
import type { Catalog, Workspace } from '../../model/types.js';
import type { LocalData } from '../api.js';
import type { LogicEnvironment } from '../context.js';
import { ownValue } from '../../model/own.js';
import { queryRecords } from '../query.js';
import type { LogicProblem, LogicSandbox, LoadResult } from '../runtime.js';
import { ActionForm, deliverSyncResult, openPage, openWorkspace, RefusedInput } from '../session.js';
import { compareOutcome, type CaseFailure, type Outcome } from './compare.js';
import type { TestCase, TestSettings, TestSuite } from './test-file.js';

export interface CaseResult {
  name: string;
  /** The case's JSON Pointer in logic.test.yaml, and its line there. */
  pointer: string;
  line?: number;
  isOk: boolean;
  failures: CaseFailure[];
  /** Problems of the script while the case ran (MW230, MW231), as diagnostics. */
  problems: Diagnostic[];
  /** What the handlers passed to ctx.log. */
  logs: string[];
  durationMs: number;
}

export interface SuiteRunOptions {
  workspace: Workspace;
  catalog?: Catalog;
  /** Loads the workspace's logic afresh, its clock at `now`; undefined when the workspace has none. */
  load?: (clock: { now: string }) => LoadResult | Promise<LoadResult>;
  timeLimitMs?: number;
}

/** A workspace without logic: every handler is missing, which is allowed. */
const noLogic: LogicSandbox = {
  file: '',
  handlers: new Set(),
  declarations: new Map(),
  invoke: () => Promise.resolve({ ok: true, value: undefined, isMissing: true }),
  resolved: (value) => Promise.resolve(value),
  callSite: () => undefined,
};

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function localData(settings: TestSettings, today: string): LocalData {
  return {
    query: (entity, filter, options) => queryRecords(ownValue(settings.data, entity) ?? [], filter, options, { user: settings.user, today }),
  };
}

export function problemDiagnostic(problem: LogicProblem, fallbackFile: string): Diagnostic {
  const position = problem.position ?? { file: fallbackFile, line: 1, column: 1 };
  return {
    severity: 'error',
    code: problem.code,
    message: problem.message,
    file: position.file,
    line: position.line,
    column: position.column,
    pointer: '',
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}

async function drive(testCase: TestCase, env: LogicEnvironment, failures: CaseFailure[]): Promise<{ outcome: Outcome; problems: LogicProblem[] }> {
  const { target } = testCase;
  switch (target.kind) {
    case 'workspace': {
      const { state, problems } = await openWorkspace(env);
      return { outcome: { state }, problems };
    }
    case 'page': {
      const { state, problems } = await openPage(env, target.page, target.record);
      return { outcome: { state }, problems };
    }
    case 'sync': {
      const { state, problems } = await deliverSyncResult(env, target.result);
      return { outcome: { state }, problems };
    }
    case 'action': {
      const form = await ActionForm.start(env, target.action, { pageId: target.pageId, record: target.record, values: target.values });
      for (const event of target.events) {
        try {
          if (event.kind === 'change') await form.change(event.field, event.value);
          else if (event.kind === 'validate') await form.validate();
          else await form.queue();
        } catch (error) {
          if (!(error instanceof RefusedInput)) throw error;
          failures.push({ subject: 'events', pointer: event.pointer, message: `events: ${error.message}` });
          break;
        }
      }
      return { outcome: { state: form.state, isValid: form.isValid, isQueued: form.isQueued }, problems: form.problems };
    }
  }
}

/** The case's day and moment (local to its time zone: call inside `inTimeZone`). */
function caseClock(settings: TestSettings): { today: string; now: string } {
  const today = settings.today ?? localDate(new Date());
  return { today, now: settings.now ?? (settings.today ? `${settings.today}T12:00:00.000Z` : new Date().toISOString()) };
}

/**
 * Runs `work` with the process's local time in `timeZone`: the logic engine (QuickJS in
 * WebAssembly) takes local time from the host's Date, which follows TZ as soon as it changes.
 * Cases run one after another, so one zone holds at a time; the machine's own comes back after.
 */
async function inTimeZone<T>(timeZone: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

async function runCase(testCase: TestCase, sandbox: LogicSandbox, options: SuiteRunOptions): Promise<CaseResult> {
  const started = performance.now();
  const { settings } = testCase;
  const { today, now } = caseClock(settings);
  const env: LogicEnvironment = {
    sandbox,
    workspace: options.workspace,
    catalog: options.catalog,
    user: settings.user,
    online: settings.online,
    data: localData(settings, today),
    today,
    now,
    timeLimitMs: options.timeLimitMs,
  };
  const failures: CaseFailure[] = [];
  const { outcome, problems } = await drive(testCase, env, failures);
  failures.push(...compareOutcome(testCase.checks, outcome));
  const diagnostics = problems.map((p) => problemDiagnostic(p, sandbox.file));
  return {
    name: testCase.name,
    pointer: testCase.pointer,
    isOk: failures.length === 0 && diagnostics.length === 0,
    failures,
    problems: diagnostics,
    logs: outcome.state.logs,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Runs every case. If the script does not load, no case runs: the load problems come back
 * instead (one broken script should read as one problem, not as every case failing).
 */
export async function runSuite(suite: TestSuite, options: SuiteRunOptions): Promise<{ cases: CaseResult[]; loadProblems: LogicProblem[] }> {
  const load = options.load ?? (() => ({ sandbox: noLogic, problems: [] }));
  // Each case loads the script afresh, so its top-level code too sees the case's clock and zone.
  const loadFor = (settings: TestSettings) => load({ now: caseClock(settings).now });
  const [firstCase] = suite.cases;
  const first = firstCase ? await inTimeZone(firstCase.settings.timeZone, async () => loadFor(firstCase.settings)) : await load({ now: new Date().toISOString() });
  if (!first.sandbox) return { cases: [], loadProblems: first.problems };
  const cases: CaseResult[] = [];
  for (const [index, testCase] of suite.cases.entries()) {
    const problems = await inTimeZone(testCase.settings.timeZone, async () => {
      const loaded = index === 0 ? first : await loadFor(testCase.settings);
      if (!loaded.sandbox) return loaded.problems;
      try {
        cases.push(await runCase(testCase, loaded.sandbox, options));
      } finally {
        loaded.sandbox.dispose?.();
      }
      return undefined;
    });
    if (problems) return { cases, loadProblems: problems };
  }
  return { cases, loadProblems: [] };
}
