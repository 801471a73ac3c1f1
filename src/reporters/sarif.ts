// `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning (upload-sarif) accepts.
// One rule per known code, so a rule's index never depends on which problems were found.
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../diagnostics.js';
import { codes, type CodeInfo } from '../validate/codes.js';
import type { ReportContext, Reporter } from './types.js';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
export const informationUri = 'https://github.com/mwkit/mwkit';
const diagnosticsDocUri = `${informationUri}/blob/main/docs/diagnostics.md`;
const srcRoot = '%SRCROOT%';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: 'error' | 'warning' };
}

export function helpUri(code: string): string {
  return `${diagnosticsDocUri}#${code.toLowerCase()}`;
}

function rule(id: string, info: CodeInfo): SarifRule {
  return {
    id,
    name: info.name,
    shortDescription: { text: info.summary },
    helpUri: helpUri(id),
    defaultConfiguration: { level: info.severity },
  };
}

/** Every documented code, plus any undocumented one a diagnostic carries (so each result has a rule). */
function rulesFor(diagnostics: readonly Diagnostic[]): SarifRule[] {
  const rules = Object.entries(codes).map(([id, info]) => rule(id, info));
  const known = new Set(rules.map((r) => r.id));
  for (const diagnostic of diagnostics) {
    if (known.has(diagnostic.code)) continue;
    known.add(diagnostic.code);
    const summary = diagnostic.message;
    rules.push(rule(diagnostic.code, { name: diagnostic.code.toLowerCase(), severity: diagnostic.severity, summary }));
  }
  return rules;
}

/** A relative URI reference: each path segment percent-encoded, so spaces and `#` stay in the path. */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function result(diagnostic: Diagnostic, ruleIndex: number): Record<string, unknown> {
  const text = diagnostic.hint ? `${diagnostic.message} — ${diagnostic.hint}` : diagnostic.message;
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: diagnostic.severity,
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(diagnostic.file), uriBaseId: srcRoot },
          region: { startLine: Math.max(1, diagnostic.line), startColumn: Math.max(1, diagnostic.column) },
        },
      },
    ],
  };
}

/** The project folder as an absolute file URI; SARIF requires the trailing slash. */
function projectRootUri(context: ReportContext): string {
  const href = pathToFileURL(context.projectRoot).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export const sarifReporter: Reporter = (summary, context) => {
  const rules = rulesFor(summary.diagnostics);
  const indexOf = new Map(rules.map((r, index) => [r.id, index]));
  const log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mwkit',
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri,
            rules,
          },
        },
        originalUriBaseIds: { [srcRoot]: { uri: projectRootUri(context) } },
        // Columns come from JavaScript strings, which count UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: summary.diagnostics.map((d) => result(d, indexOf.get(d.code) ?? 0)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
