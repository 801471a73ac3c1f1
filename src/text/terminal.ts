// Text that a package, a logic script or a test file supplies reaches a terminal only as text:
// every character a terminal would obey (escape sequences that clear the screen, move the
// cursor, conceal text or write the clipboard; carriage returns and newlines that draw a fake
// line; bidirectional overrides that reorder what is read) is shown as a visible escape.
// Only text reports use this: JSON, JUnit and SARIF carry the exact text.

// C0 controls but tab, DEL, C1 controls, and the Unicode format characters that reorder text.
const controlCharacters = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const controlCharactersButNewline = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function escaped(character: string): string {
  const name = named[character];
  if (name) return name;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of supplied text (a message, a name, a log line): newlines are shown, not obeyed. */
export function visibleText(text: string): string {
  return text.replace(controlCharacters, escaped);
}

/** Supplied text that may span lines (a code frame's source): newlines stay, the rest is shown. */
export function visibleLines(text: string): string {
  return text.replace(controlCharactersButNewline, escaped);
}
