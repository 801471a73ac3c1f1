// The SARIF output is checked against two vendored copies of the SARIF 2.1.0 JSON Schema
// (no network at test time; see test/fixtures/sarif/README.md):
// - test/fixtures/sarif/sarif-schema-2.1.0.json: the OASIS sarif-spec schema (draft-07,
//   $id https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json)
//   as bundled in npm @datadog/datadog-ci-plugin-sarif@5.25.0 (dist/bundle.js, which validates
//   uploads with it), extracted as data and written back as JSON.
// - test/fixtures/sarif/sarif-2.1.0.sarif-sdk.json: Microsoft SARIF SDK's copy (2020-12 dialect),
//   byte for byte from npm @microsoft/sarif-multitool-linux@5.7.0 (package/sarif-2.1.0.json).
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/diagnostics.js';
import { fileUri, sarifReporter } from '../../../src/reporters/sarif.js';
import { codes } from '../../../src/validate/codes.js';
import { awkward, context, diagnostic, empty, mixed, warningsOnly, workspaceFile } from './fixtures.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module, the plugin is `.default`.
const addFormats = formatsModule.default;

function loadSchema(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../fixtures/sarif/${name}`, import.meta.url), 'utf8')) as object;
}

const oasisAjv = new Ajv({ strict: false, allErrors: true });
addFormats(oasisAjv);
const validateOasis = oasisAjv.compile(loadSchema('sarif-schema-2.1.0.json'));
const sdkAjv = new Ajv2020({ strict: false, allErrors: true });
addFormats(sdkAjv);
const validateSdk = sdkAjv.compile(loadSchema('sarif-2.1.0.sarif-sdk.json'));

function schemaErrors(log: unknown): string[] {
  const errors: string[] = [];
  for (const validate of [validateOasis, validateSdk]) {
    if (!validate(log)) errors.push(...(validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`));
  }
  return errors;
}

// `any` because the tests reach into nested SARIF objects whose shape the schema checks already.
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: Array<Record<string, any>> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<Record<string, any>>;
  }>;
}

function report(summary = mixed, overrides = {}): SarifLog {
  return JSON.parse(sarifReporter(summary, context(overrides))) as SarifLog;
}

function run(summary = mixed) {
  const first = report(summary).runs[0];
  if (!first) throw new Error('no run');
  return first;
}

describe('sarif reporter', () => {
  it.each([
    ['no diagnostics', empty],
    ['warnings only', warningsOnly],
    ['errors in several files, with a hint', mixed],
    ['characters that need escaping', awkward],
  ])('validates against the official SARIF 2.1.0 schema: %s', (_name, summary) => {
    expect(schemaErrors(report(summary))).toEqual([]);
  });

  it('the schemas catch what GitHub would reject', () => {
    const broken = report(mixed) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    const first = broken.runs[0]?.results[0];
    if (first) first.level = 'fatal';
    expect(schemaErrors(broken)).toHaveLength(2);
  });

  it('names the schema and version and describes the tool', () => {
    const log = report(empty);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]?.tool.driver;
    expect(driver).toMatchObject({ name: 'mwkit', version: '1.2.3', semanticVersion: '1.2.3', informationUri: 'https://github.com/mwkit/mwkit' });
  });

  it('has one rule per diagnostic code with its name, summary, help link and level', () => {
    const rules = run(empty).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(Object.keys(codes));
    expect(rules.find((r) => r.id === 'MW211')).toEqual({
      id: 'MW211',
      name: 'unused-page',
      shortDescription: { text: codes.MW211.summary },
      helpUri: 'https://github.com/mwkit/mwkit/blob/main/docs/diagnostics.md#mw211',
      defaultConfiguration: { level: 'warning' },
    });
  });

  it('turns each diagnostic into a result pointing at its rule and location', () => {
    const { results, tool } = run(mixed);
    expect(results).toHaveLength(5);
    expect(results[0]).toEqual({
      ruleId: 'MW204',
      ruleIndex: Object.keys(codes).indexOf('MW204'),
      level: 'error',
      message: { text: 'Page "reprot" does not exist. — Did you mean "report"?' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: workspaceFile, uriBaseId: '%SRCROOT%' },
            region: { startLine: 7, startColumn: 11 },
          },
        },
      ],
    });
    for (const result of results) expect(tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(results[1]?.level).toBe('warning');
  });

  it('resolves %SRCROOT% to the project folder with a trailing slash', () => {
    expect(run(empty).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/my-app/' } });
  });

  it('adds a rule for a code it does not know, so every result has one', () => {
    const { results, tool } = run(summarize([diagnostic({ code: 'MW999', message: 'Something new.' })]));
    const index = results[0]?.ruleIndex as number;
    expect(tool.driver.rules[index]).toMatchObject({ id: 'MW999', defaultConfiguration: { level: 'error' } });
  });

  it('keeps a diagnostic at line 1 column 1', () => {
    const { results } = run(summarize([diagnostic({ line: 1, column: 1 })]));
    expect(results[0]?.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
  });

  it('percent-encodes file names into relative URI references', () => {
    expect(fileUri('work spaces/a,b:c#1/workspace.yaml')).toBe('work%20spaces/a%2Cb%3Ac%231/workspace.yaml');
    expect(run(awkward).results[0]?.locations[0].physicalLocation.artifactLocation.uri).toBe('work%20spaces/a%2Cb%3Ac%231/workspace.yaml');
  });

  it('keeps the message text intact', () => {
    expect(run(awkward).results[0]?.message.text).toBe(`${awkward.diagnostics[0]?.message} — Use one of: list, details`);
  });
});
