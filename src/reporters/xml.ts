// XML 1.0 escaping for the JUnit reporter: markup characters become entities, and characters
// XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become
// a visible `\uXXXX` so the file still parses and the message keeps its information.

// Everything outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets).
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function replaceInvalidChars(value: string): string {
  return value.replace(notXmlChar, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text content of an element. */
export function escapeXmlText(value: string): string {
  return replaceInvalidChars(value).replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/** An attribute value: also keeps tabs and line breaks, which attribute normalisation would turn into spaces. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `name="value"` pairs for an opening tag. */
export function xmlAttributes(attributes: Record<string, string | number>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}
