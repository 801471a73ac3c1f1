import { describe, expect, it } from 'vitest';
import { visibleLines, visibleText } from '../../src/text/terminal.js';

describe('visibleText', () => {
  it('shows escapes, carriage returns, newlines, DEL, C1 and bidi overrides, keeps tabs and plain text', () => {
    expect(visibleText('a\u001b[2Jb\rc\nd\u007f\u009b\u202e\te ü')).toBe('a\\e[2Jb\\rc\\nd\\x7f\\x9b\\u202e\te ü');
  });
  it('visibleLines keeps newlines only', () => {
    expect(visibleLines('one\ntwo\u0007\r')).toBe('one\ntwo\\x07\\r');
  });
});
