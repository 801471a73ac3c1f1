// The build refuses built-ins newer than the app's browser target (issue 27, item 10).
import { describe, expect, it } from 'vitest';

interface Use {
  name: string;
  what: string;
  line: number;
  column: number;
}
// @ts-expect-error: a plain .mjs build script without declarations
const { newerBuiltInUses } = (await import('../../scripts/browser-target.mjs')) as { newerBuiltInUses(code: string): Use[] };

describe('newerBuiltInUses', () => {
  it('finds Object.hasOwn, .at(), structuredClone and crypto.randomUUID with their positions', () => {
    const uses = newerBuiltInUses('const a = Object.hasOwn(x, "k");\nlet b = list.at(-1), c = structuredClone(a), d = crypto.randomUUID();');
    expect(uses.map((u) => [u.name, u.line])).toEqual([
      ['hasOwn', 1],
      ['at', 2],
      ['structuredClone', 2],
      ['randomUUID', 2],
    ]);
    expect(uses[0]!.what).toContain('Chrome 93');
  });

  it('accepts what the code tests for first, and ordinary methods of the same name elsewhere', () => {
    expect(newerBuiltInUses('if (typeof crypto.randomUUID == "function") crypto.randomUUID();')).toEqual([]);
    expect(newerBuiltInUses('setTimeout(f, 1); promise.any; o.timeout = 5; o["constructor"];')).toEqual([]);
    expect(newerBuiltInUses('AbortSignal.timeout(5)').map((u) => u.name)).toEqual(['timeout']);
  });
});

describe('the built app (npm test builds dist/app first)', () => {
  it('uses no built-in newer than Chrome 91, Firefox 90 and Safari 15 without testing for it', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../dist/app/', import.meta.url);
    const bundles = readdirSync(dir).filter((name) => name.endsWith('.js'));
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const name of bundles) expect(newerBuiltInUses(readFileSync(new URL(name, dir), 'utf8')), name).toEqual([]);
  });
});
