import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/diagnostics.js';
import { escapeCommandData, escapeCommandProperty, githubReporter } from '../../../src/reporters/github.js';
import { awkward, context, diagnostic, empty, mixed, warningsOnly, workspaceFile } from './fixtures.js';

describe('github reporter', () => {
  it('prints nothing when there are no diagnostics', () => {
    expect(githubReporter(empty, context())).toBe('');
  });

  it('prints one ::error command per error', () => {
    expect(githubReporter(summarize([diagnostic()]), context())).toBe(`::error file=${workspaceFile},line=7,col=11,title=MW204::Page "reprot" does not exist.\n`);
  });

  it('uses ::warning for warnings', () => {
    expect(githubReporter(warningsOnly, context())).toBe(`::warning file=${workspaceFile},line=5,col=5,title=MW211::No page opens "report".\n`);
  });

  it('adds the hint after an em dash', () => {
    expect(githubReporter(summarize([diagnostic({ hint: 'Did you mean "report"?' })]), context())).toContain('::Page "reprot" does not exist. — Did you mean "report"?\n');
  });

  it('prints one line per diagnostic in order', () => {
    const lines = githubReporter(mixed, context()).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => /title=(MW\d+)/.exec(l)?.[1])).toEqual(['MW204', 'MW212', 'MW210', 'MW105', 'MW101']);
    expect(lines[3]).toBe('::error file=mwkit.yaml,line=3,col=10,title=MW105::version "1.0" is not a semantic version.');
  });

  it('escapes data as the actions toolkit does', () => {
    expect(escapeCommandData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeCommandData('a:b,c')).toBe('a:b,c');
  });

  it('escapes properties as the actions toolkit does', () => {
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('keeps each command on one line whatever the message and file contain', () => {
    const output = githubReporter(awkward, context());
    expect(output.split('\n')).toHaveLength(2);
    expect(output).toBe(
      '::error file=work spaces/a%2Cb%3Ac#1/workspace.yaml,line=7,col=11,title=MW106::' + 'Value <"a" & \'b\'> is 100%25 wrong,%0Asecond line\\r%0Athird: \\x07bell — Use one of: list, details\n',
    );
  });
});
