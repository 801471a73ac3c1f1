// What the logic Worker's parser (meriyah) calls that Chrome 91 and Safari 15 lack. Both are
// used on plain data only (cloning syntax-tree nodes; checking a module export name), so these
// small stand-ins are exact there. Imported first by logic-worker.ts.
const scope = globalThis as { structuredClone?: (value: unknown) => unknown };
if (typeof scope.structuredClone !== 'function') {
  scope.structuredClone = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
}

const strings = String.prototype as { isWellFormed?: () => boolean };
if (typeof strings.isWellFormed !== 'function') {
  Object.defineProperty(String.prototype, 'isWellFormed', {
    value: function isWellFormed(this: string): boolean {
      const text = String(this);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0xdc00 && code <= 0xdfff) return false; // a low surrogate without its high one
        if (code >= 0xd800 && code <= 0xdbff) {
          const next = text.charCodeAt(i + 1);
          if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
          i++;
        }
      }
      return true;
    },
    writable: true,
    configurable: true,
  });
}

export {};
