// `mwkit test` as a function: find the project's workspaces (the same loader as validate),
// read each one's logic.test.yaml and logic script, run the cases, and return a report.
// Exit code: 2 when an input file is unreadable or malformed, 1 when a case or a script
// failed, 0 otherwise.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Diagnostic } from '../../diagnostics.js';
import { ExitCode } from '../../errors.js';
import type { Catalog, Workspace } from '../../model/types.js';
import { loadProject, type LoadOptions } from '../../project/load.js';
import { locate, parseYamlSource, type SourceFile } from '../../yaml/source.js';
import { compileLogic, isTypeScriptLogic } from '../compile.js';
import { quickJSEngine, retireQuickJSEngine } from '../quickjs/engine-node.js';
import { quickJSLoader } from '../quickjs/sandbox.js';
import type { LoadResult } from '../runtime.js';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { problemDiagnostic, runSuite, type CaseResult } from './run.js';
import { readTestSuite, testFileName } from './test-file.js';

export type WorkspaceStatus = 'passed' | 'failed' | 'invalid' | 'no-tests';

export interface WorkspaceReport {
  id?: string;
  /** workspace.yaml, relative to the project. */
  file: string;
  testFile?: string;
  status: WorkspaceStatus;
  cases: CaseResult[];
  /** Problems that kept cases from running: a malformed test file, a script that does not load. */
  diagnostics: Diagnostic[];
}

export interface TestReport {
  ok: boolean;
  passed: number;
  failed: number;
  workspaces: WorkspaceReport[];
  /** Problems of the project's own files (mwkit.yaml, workspace.yaml, the catalog). */
  diagnostics: Diagnostic[];
  exitCode: ExitCode;
  /** Every file read, by relative path (for code frames and positions). */
  sources: Map<string, string>;
}

export interface TestOptions extends LoadOptions {
  timeLimitMs?: number;
}

type ScriptSource = { load?: (clock: { now: string }) => Promise<LoadResult>; diagnostics: Diagnostic[] };

/** Each load takes the engine as it is now (a fresh one after a script broke the last). */
function loadEachTime(loader: (engine: QuickJSWASMModule, clock?: { now: string }) => LoadResult): (clock: { now: string }) => Promise<LoadResult> {
  return async (clock) => loader(await quickJSEngine(), clock);
}

async function readLogic(root: string, workspaceFile: string, workspace: Workspace, sources: Map<string, string>, timeLimitMs?: number): Promise<ScriptSource> {
  if (workspace.logic === undefined) return { diagnostics: [] };
  const file = posix.normalize(posix.join(posix.dirname(workspaceFile), workspace.logic));
  let code: string;
  try {
    code = readFileSync(join(root, file), 'utf8');
  } catch {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'MW209',
          file: workspaceFile,
          line: 1,
          column: 1,
          pointer: '/logic',
          message: `The logic file \`${workspace.logic}\` does not exist (${file}).`,
          hint: `Create ${file}, or remove \`logic:\`.`,
        },
      ],
    };
  }
  sources.set(file, code);
  if (!isTypeScriptLogic(file)) return { load: loadEachTime(quickJSLoader(code, { file, timeLimitMs, onEngineBroken: retireQuickJSEngine })), diagnostics: [] };
  const { compiled, failure } = await compileLogic(code, file);
  if (!compiled) {
    return { diagnostics: [{ severity: 'error', code: 'MW210', file, line: failure.line, column: failure.column, pointer: '', message: `${file} does not parse: ${failure.message}.` }] };
  }
  return { load: loadEachTime(quickJSLoader(compiled.code, { file, mapOriginal: compiled.mapOriginal, timeLimitMs, onEngineBroken: retireQuickJSEngine })), diagnostics: [] };
}

/** A test file holds a few records and cases; anything near this size is not a test file. */
export const maxTestFileBytes = 4 * 1024 * 1024;

function testFileTooLarge(testFile: string, size: number): Diagnostic {
  return {
    severity: 'error',
    code: 'MW006',
    file: testFile,
    line: 1,
    column: 1,
    pointer: '',
    message: `${testFile} is ${(size / (1024 * 1024)).toFixed(1)} MB; a test file may be at most ${maxTestFileBytes / (1024 * 1024)} MB, so it was not read.`,
    hint: 'Keep the records a case needs, not a copy of the database.',
  };
}

function withLines(cases: CaseResult[], source: SourceFile): CaseResult[] {
  for (const result of cases) {
    result.line = locate(source, result.pointer).line;
    for (const failure of result.failures) failure.line = locate(source, failure.pointer).line;
  }
  return cases;
}

async function testWorkspace(root: string, source: SourceFile, workspace: Workspace, catalog: Catalog | undefined, sources: Map<string, string>, options: TestOptions): Promise<WorkspaceReport> {
  const testFile = posix.join(posix.dirname(source.file), testFileName);
  const report: WorkspaceReport = { id: workspace.id, file: source.file, status: 'no-tests', cases: [], diagnostics: [] };
  if (!existsSync(join(root, testFile))) return report;
  report.testFile = testFile;
  const size = statSync(join(root, testFile)).size;
  if (size > maxTestFileBytes) return { ...report, status: 'invalid', diagnostics: [testFileTooLarge(testFile, size)] };
  const text = readFileSync(join(root, testFile), 'utf8');
  sources.set(testFile, text);
  const parsed = parseYamlSource(testFile, text);
  const read = parsed.diagnostics.length === 0 ? readTestSuite(parsed.source, workspace, catalog) : { diagnostics: parsed.diagnostics };
  if (!read.suite) return { ...report, status: 'invalid', diagnostics: read.diagnostics };
  const logic = await readLogic(root, source.file, workspace, sources, options.timeLimitMs);
  if (logic.diagnostics.length > 0) return { ...report, status: 'failed', diagnostics: logic.diagnostics };
  const { cases, loadProblems } = await runSuite(read.suite, { workspace, catalog, load: logic.load, timeLimitMs: options.timeLimitMs });
  const diagnostics = loadProblems.map((p) => problemDiagnostic(p, source.file));
  const isFailed = diagnostics.length > 0 || cases.some((c) => !c.isOk);
  return { ...report, status: isFailed ? 'failed' : 'passed', cases: withLines(cases, parsed.source), diagnostics };
}

export async function testProject(options: TestOptions): Promise<TestReport> {
  const project = loadProject(options);
  const diagnostics = project.diagnostics.filter((d) => d.severity === 'error');
  const workspaces: WorkspaceReport[] = [];
  for (const { source, workspace } of project.workspaces) {
    if (!workspace) continue; // its schema problems are in `diagnostics`
    workspaces.push(await testWorkspace(project.root, source, workspace, project.catalog, project.sources, options));
  }
  const cases = workspaces.flatMap((w) => w.cases);
  const passed = cases.filter((c) => c.isOk).length;
  const isInvalid = diagnostics.length > 0 || workspaces.some((w) => w.status === 'invalid');
  const isFailed = workspaces.some((w) => w.status === 'failed');
  const exitCode = isInvalid ? ExitCode.usage : isFailed ? ExitCode.failed : ExitCode.ok;
  return { ok: exitCode === ExitCode.ok, passed, failed: cases.length - passed, workspaces, diagnostics, exitCode, sources: project.sources };
}
