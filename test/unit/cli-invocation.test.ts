// The command init's next steps print: the one that runs mwkit from the project folder.
import { describe, expect, it } from 'vitest';
import { mwkitCommandFrom, type Invocation } from '../../src/cli/invocation.js';

const install = (overrides: Partial<Invocation> = {}): Invocation => ({
  onPath: false,
  viaNpx: false,
  packageRoot: '/home/ana/mwkit',
  binScript: '/home/ana/mwkit/bin/mwkit.js',
  ...overrides,
});

describe('mwkitCommandFrom', () => {
  it('says mwkit when the PATH finds this install', () => {
    expect(mwkitCommandFrom('/anywhere', install({ onPath: true, viaNpx: true }))).toBe('mwkit');
  });

  it('gives the path to bin/mwkit.js from a project made by the README (relative when shorter)', () => {
    expect(mwkitCommandFrom('/home/ana/mwkit/my-app', install())).toBe('../bin/mwkit.js');
    expect(mwkitCommandFrom('/home/ana/mwkit', install())).toBe('./bin/mwkit.js');
    expect(mwkitCommandFrom('/tmp/projects/deep/down/app', install())).toBe('/home/ana/mwkit/bin/mwkit.js');
  });

  it('quotes a path the shell would split', () => {
    expect(mwkitCommandFrom('/x', install({ binScript: '/home/ana/my tools/mwkit/bin/mwkit.js' }))).toBe("'/home/ana/my tools/mwkit/bin/mwkit.js'");
  });

  it('says npx mwkit only where npx finds the package (inside its folder)', () => {
    expect(mwkitCommandFrom('/home/ana/mwkit/my-app', install({ viaNpx: true }))).toBe('npx mwkit');
    expect(mwkitCommandFrom('/srv/projects/mwkit-other/app', install({ viaNpx: true }))).toBe('/home/ana/mwkit/bin/mwkit.js');
  });
});
