// `--format junit`: one test case per workspace, so CI test views list each workspace as
// passed or failed. Errors are failures; warnings go to the test case's <system-out>.
import type { Diagnostic } from '../diagnostics.js';
import type { ReportContext, Reporter } from './types.js';
import { escapeXmlText, xmlAttributes } from './xml.js';

const suiteName = 'mwkit validate';
const className = 'mwkit.validate';

interface TestCase {
  name: string;
  file: string;
  diagnostics: Diagnostic[];
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/**
 * The workspace whose folder holds `file` (its logic.js, its logic tests), the deepest one if
 * folders nest. A workspace file at the project root claims nothing: mwkit.yaml lives there too.
 */
function owningWorkspace(file: string, workspaces: readonly TestCase[]): TestCase | undefined {
  let owner: TestCase | undefined;
  for (const workspace of workspaces) {
    const folder = folderOf(workspace.file);
    if (folder === '' || !file.startsWith(`${folder}/`)) continue;
    if (owner === undefined || folder.length > folderOf(owner.file).length) owner = workspace;
  }
  return owner;
}

/**
 * Test cases: the workspaces in the order given, then one per other file with diagnostics
 * (mwkit.yaml, the catalog), in order of first appearance.
 */
export function groupByTestCase(diagnostics: readonly Diagnostic[], context: ReportContext): TestCase[] {
  const workspaces: TestCase[] = context.workspaces.map((w) => ({ name: w.id ?? w.file, file: w.file, diagnostics: [] }));
  const cases = [...workspaces];
  const byFile = new Map(cases.map((c) => [c.file, c]));
  for (const diagnostic of diagnostics) {
    let testCase = byFile.get(diagnostic.file) ?? owningWorkspace(diagnostic.file, workspaces);
    if (testCase === undefined) {
      testCase = { name: diagnostic.file, file: diagnostic.file, diagnostics: [] };
      cases.push(testCase);
    }
    byFile.set(diagnostic.file, testCase);
    testCase.diagnostics.push(diagnostic);
  }
  return cases;
}

function describe(diagnostic: Diagnostic): string {
  const line = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`;
  return diagnostic.hint ? `${line}\nhint: ${diagnostic.hint}` : line;
}

function testCaseXml(testCase: TestCase): string {
  const open = `    <testcase${xmlAttributes({ classname: className, name: testCase.name, file: testCase.file })}`;
  const errors = testCase.diagnostics.filter((d) => d.severity === 'error');
  const warnings = testCase.diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length === 0 && warnings.length === 0) return `${open} />`;
  const body = errors.map((d) => `      <failure${xmlAttributes({ message: `${d.code} ${d.message}`, type: d.code })}>${escapeXmlText(describe(d))}</failure>`);
  if (warnings.length > 0) {
    const text = warnings.map((d) => `warning ${d.code} ${describe(d)}`).join('\n');
    body.push(`      <system-out>${escapeXmlText(text)}</system-out>`);
  }
  return [`${open}>`, ...body, '    </testcase>'].join('\n');
}

export const junitReporter: Reporter = (summary, context) => {
  const cases = groupByTestCase(summary.diagnostics, context);
  const failed = cases.filter((c) => c.diagnostics.some((d) => d.severity === 'error')).length;
  const counts = { tests: cases.length, failures: failed, errors: 0 };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({ name: suiteName, ...counts })}>`,
    `  <testsuite${xmlAttributes({ name: suiteName, ...counts, skipped: 0 })}>`,
    ...cases.map(testCaseXml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
