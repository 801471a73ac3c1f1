import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/diagnostics.js';
import { jsonReporter } from '../../../src/reporters/json.js';
import { awkward, context, diagnostic, empty, mixed, warningsOnly } from './fixtures.js';

describe('json reporter', () => {
  it('prints the empty contract document, 2-space indented, with a trailing newline', () => {
    expect(jsonReporter(empty, context())).toBe('{\n  "ok": true,\n  "errors": 0,\n  "warnings": 0,\n  "diagnostics": []\n}\n');
  });

  it('keeps the contract key order and omits an absent hint', () => {
    const output = jsonReporter(summarize([diagnostic()]), context());
    const document = JSON.parse(output) as { diagnostics: Record<string, unknown>[] };
    expect(Object.keys(document)).toEqual(['ok', 'errors', 'warnings', 'diagnostics']);
    expect(Object.keys(document.diagnostics[0] ?? {})).toEqual(['severity', 'code', 'message', 'file', 'line', 'column', 'pointer']);
  });

  it('puts the hint last when there is one', () => {
    const document = JSON.parse(jsonReporter(mixed, context())) as { diagnostics: Record<string, unknown>[] };
    const first = document.diagnostics[0] ?? {};
    expect(Object.keys(first).at(-1)).toBe('hint');
    expect(first.hint).toBe('Did you mean "report"?');
  });

  it('reports counts and ok from the summary', () => {
    expect(JSON.parse(jsonReporter(mixed, context()))).toMatchObject({ ok: false, errors: 4, warnings: 1 });
    expect(JSON.parse(jsonReporter(warningsOnly, context()))).toMatchObject({ ok: true, errors: 0, warnings: 1 });
  });

  it('round-trips every diagnostic field exactly, in order', () => {
    const document = JSON.parse(jsonReporter(mixed, context())) as { diagnostics: unknown[] };
    expect(document.diagnostics).toEqual(mixed.diagnostics);
  });

  it('drops fields the contract does not have', () => {
    const extra = { ...diagnostic(), internal: 'x' };
    const document = JSON.parse(jsonReporter(summarize([extra]), context())) as { diagnostics: Record<string, unknown>[] };
    expect(document.diagnostics[0]).not.toHaveProperty('internal');
  });

  it('escapes quotes, newlines and control characters as JSON', () => {
    const output = jsonReporter(awkward, context());
    expect(output).toContain('\\n');
    expect(output).toContain('\\u0007');
    expect((JSON.parse(output) as { diagnostics: unknown[] }).diagnostics).toEqual(awkward.diagnostics);
  });

  it('never colours, even when colour is on', () => {
    expect(jsonReporter(mixed, context({ isColor: true }))).toBe(jsonReporter(mixed, context()));
  });
});
