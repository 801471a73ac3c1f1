import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/diagnostics.js';
import { groupByTestCase, junitReporter } from '../../../src/reporters/junit.js';
import { escapeXmlAttribute, escapeXmlText } from '../../../src/reporters/xml.js';
import { awkward, context, diagnostic, empty, logicFile, mixed, otherWorkspaceFile, warningsOnly, workspaceFile } from './fixtures.js';

/**
 * A small XML well-formedness check (no XML parser is a dependency): tags balance, attribute
 * values are quoted without raw `<`, `&` only starts an entity, and no character XML forbids.
 */
function assertWellFormed(xml: string): void {
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z-]+)((?:\s+[A-Za-z-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  for (const match of body.matchAll(tag)) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole === '<') throw new Error(`stray < at ${match.index}`);
    if (whole === '>') continue; // `>` is allowed in text, though the reporter escapes it anyway
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
}

function attribute(xml: string, element: string, name: string): string[] {
  const pattern = new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`, 'g');
  return [...xml.matchAll(pattern)].map((m) => m[1] ?? '');
}

describe('junit reporter', () => {
  it('has one passing test case per workspace when there is nothing to report', () => {
    const xml = junitReporter(empty, context());
    assertWellFormed(xml);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="mwkit validate" tests="2" failures="0" errors="0">',
        '  <testsuite name="mwkit validate" tests="2" failures="0" errors="0" skipped="0">',
        `    <testcase classname="mwkit.validate" name="expenses" file="${workspaceFile}" />`,
        `    <testcase classname="mwkit.validate" name="orders" file="${otherWorkspaceFile}" />`,
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('turns each error into a failure of its workspace, with the hint in the body', () => {
    const xml = junitReporter(summarize([diagnostic({ hint: 'Did you mean "report"?' })]), context());
    assertWellFormed(xml);
    expect(xml).toContain(
      '      <failure message="MW204 Page &quot;reprot&quot; does not exist." type="MW204">' +
        `${workspaceFile}:7:11 Page &quot;reprot&quot; does not exist.\nhint: Did you mean &quot;report&quot;?</failure>`,
    );
    expect(attribute(xml, 'testsuites', 'failures')).toEqual(['1']);
  });

  it('puts warnings in system-out and does not count them as failures', () => {
    const xml = junitReporter(warningsOnly, context());
    assertWellFormed(xml);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain(`<system-out>warning MW211 ${workspaceFile}:5:5 No page opens &quot;report&quot;.</system-out>`);
    expect(attribute(xml, 'testsuite', 'failures')).toEqual(['0']);
  });

  it('files logic errors under their workspace and other files under their own test case', () => {
    const xml = junitReporter(mixed, context());
    assertWellFormed(xml);
    expect(attribute(xml, 'testcase', 'name')).toEqual(['expenses', 'orders', 'mwkit.yaml']);
    expect(attribute(xml, 'testsuites', 'tests')).toEqual(['3']);
    expect(attribute(xml, 'testsuites', 'failures')).toEqual(['3']);
    const expenses = xml.slice(xml.indexOf('name="expenses"'), xml.indexOf('name="orders"'));
    expect(expenses.match(/<failure /g)).toHaveLength(2);
    expect(expenses).toContain(`type="MW210">${logicFile}:3:5`);
    expect(expenses).toContain('<system-out>warning MW212');
  });

  it('names a workspace test case after its file when the id could not be read', () => {
    const xml = junitReporter(empty, context({ workspaces: [{ file: workspaceFile }] }));
    expect(attribute(xml, 'testcase', 'name')).toEqual([workspaceFile]);
  });

  it('does not give a root-level workspace the diagnostics of mwkit.yaml', () => {
    const cases = groupByTestCase([diagnostic({ file: 'mwkit.yaml' })], context({ workspaces: [{ id: 'solo', file: 'workspace.yaml' }] }));
    expect(cases.map((c) => [c.name, c.diagnostics.length])).toEqual([
      ['solo', 0],
      ['mwkit.yaml', 1],
    ]);
  });

  it('gives a file in a subfolder of a workspace to that workspace', () => {
    const cases = groupByTestCase([diagnostic({ file: 'workspaces/expenses/lib/logic.js' })], context());
    expect(cases.map((c) => c.diagnostics.length)).toEqual([1, 0]);
  });

  it('escapes markup, quotes, line breaks and forbidden control characters', () => {
    const xml = junitReporter(awkward, context());
    assertWellFormed(xml);
    expect(xml).toContain('name="work spaces/a,b:c#1/workspace.yaml"');
    expect(xml).toContain('message="MW106 Value &lt;&quot;a&quot; &amp; &apos;b&apos;&gt; is 100% wrong,&#10;second line&#13;&#10;third: \\u0007bell"');
    expect(xml).toContain('third: \\u0007bell\nhint: Use one of: list, details</failure>');
  });

  it('never colours, even when colour is on', () => {
    expect(junitReporter(mixed, context({ isColor: true }))).toBe(junitReporter(mixed, context()));
  });
});

describe('xml escaping', () => {
  it('escapes the five markup characters in text', () => {
    expect(escapeXmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('keeps tabs and line breaks in text but encodes them in attributes', () => {
    expect(escapeXmlText('a\tb\nc\r')).toBe('a\tb\nc\r');
    expect(escapeXmlAttribute('a\tb\nc\r')).toBe('a&#9;b&#10;c&#13;');
  });

  it('replaces characters XML 1.0 cannot carry with a visible escape', () => {
    expect(escapeXmlText('a\u0000b\u001bc\uFFFEd\uD800e')).toBe('a\\u0000b\\u001bc\\ufffed\\ud800e');
  });

  it('keeps characters outside the basic plane', () => {
    expect(escapeXmlText('emoji 😀 ✔')).toBe('emoji 😀 ✔');
  });
});
