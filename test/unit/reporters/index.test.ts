import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { getReporter, isReporterName, reporterNames, reporters } from '../../../src/reporters/index.js';
import { ansiPattern, context, mixed } from './fixtures.js';

describe('reporter registry', () => {
  it('has exactly the formats of `validate --format`', () => {
    expect(Object.keys(reporters).sort()).toEqual(['github', 'json', 'junit', 'sarif', 'text']);
    expect([...reporterNames].sort()).toEqual(Object.keys(reporters).sort());
  });

  it('returns the registered reporter for each name', () => {
    for (const name of reporterNames) expect(getReporter(name)).toBe(reporters[name]);
  });

  it('rejects an unknown format with a usage error naming the formats', () => {
    expect(() => getReporter('xml')).toThrow(UsageError);
    expect(() => getReporter('xml')).toThrow('Unknown format "xml".');
    expect(isReporterName('toString')).toBe(false);
  });

  it('every reporter returns text ending in a newline or nothing, without ANSI codes when colour is off', () => {
    for (const name of reporterNames) {
      const output = reporters[name](mixed, context({ isColor: false }));
      expect(output.endsWith('\n')).toBe(true);
      expect(output).not.toMatch(ansiPattern);
    }
  });

  it('reporters are pure: the same input gives the same output and the summary is untouched', () => {
    const before = JSON.stringify(mixed);
    for (const name of reporterNames) {
      expect(reporters[name](mixed, context())).toBe(reporters[name](mixed, context()));
    }
    expect(JSON.stringify(mixed)).toBe(before);
  });
});
