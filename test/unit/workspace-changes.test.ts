// What a fresh list of published workspaces changes on a device (app/src/workspace-changes.ts),
// and which earlier package a workspace changed since without a version bump (package/version-drift.ts).
import { describe, expect, it } from 'vitest';
import { isUnchanged, updateNotice, workspaceChanges } from '../../app/src/workspace-changes.js';
import type { PublishedWorkspace } from '../../app/src/types.js';
import type { Manifest } from '../../src/package/format.js';
import { describeDrift, versionDrift } from '../../src/package/version-drift.js';

/** Without a digest: a workspace a device kept from an environment that sent none. */
function workspace(id: string, logic: string | null, digest?: string): PublishedWorkspace {
  return {
    id,
    title: id.toUpperCase(),
    version: '1.0.0',
    description: null,
    icon: null,
    definition: { schemaVersion: 1, id, title: id, version: '1.0.0', pages: [] } as unknown as PublishedWorkspace['definition'],
    logic,
    ...(digest ? { digest } : {}),
  } as PublishedWorkspace;
}

describe('workspaceChanges', () => {
  it("keeps the device's object for unchanged content and replaces a logic change under the same version", () => {
    const before = [workspace('a', 'one'), workspace('b', 'x')];
    const changes = workspaceChanges(before, [workspace('a', 'two'), workspace('b', 'x')]);
    expect(changes.replaced).toEqual(['a']);
    expect(changes.updated).toEqual(['A']);
    expect(changes.workspaces[1]).toBe(before[1]);
    expect(isUnchanged(before, changes)).toBe(false);
    expect(updateNotice(changes, before)).toBe('Updated: A.');
  });

  it('goes by the digests when both sides have them', () => {
    const before = [workspace('a', 'one', 'sha256:1')];
    expect(isUnchanged(before, workspaceChanges(before, [workspace('a', 'one', 'sha256:1')]))).toBe(true);
    expect(workspaceChanges(before, [workspace('a', 'one', 'sha256:2')]).replaced).toEqual(['a']);
  });

  it('stops the logic of a removed workspace and says it is gone; the first load is no update', () => {
    const before = [workspace('a', null), workspace('b', null)];
    const changes = workspaceChanges(before, [workspace('a', null)]);
    expect(changes.replaced).toEqual(['b']);
    expect(updateNotice(changes, before)).toBe('No longer available: B.');
    expect(updateNotice(workspaceChanges([], [workspace('a', null)]), [])).toBeUndefined();
  });
});

function manifest(workspaces: Array<[string, string, string, string?]>): Manifest {
  return {
    name: 'shop',
    version: '1.0.0',
    workspaces: workspaces.map(([id, version]) => ({ id, version, path: `workspaces/${id}/workspace.json` })),
    files: workspaces.flatMap(([id, , definition, logic]) => [
      { path: `workspaces/${id}/workspace.json`, size: 1, sha256: definition },
      ...(logic ? [{ path: `workspaces/${id}/logic.js`, size: 1, sha256: logic }] : []),
    ]),
  } as unknown as Manifest;
}

describe('versionDrift', () => {
  it('finds a workspace whose logic changed while its version stayed, against the newest package holding it', () => {
    const next = manifest([
      ['orders', '1.0.0', 'd1', 'l2'],
      ['stock', '1.1.0', 'd9'],
    ]);
    const earlier = [
      {
        file: 'dist/shop-1.1.0.mwpkg',
        manifest: manifest([
          ['orders', '1.0.0', 'd1', 'l1'],
          ['stock', '1.0.0', 'd8'],
        ]),
      },
      { file: 'dist/shop-1.0.0.mwpkg', manifest: manifest([['orders', '1.0.0', 'd0', 'l0']]) },
    ];
    const drifts = versionDrift(next, earlier);
    expect(drifts).toEqual([{ workspace: 'orders', version: '1.0.0', since: 'dist/shop-1.1.0.mwpkg', changed: ['logic'] }]);
    expect(describeDrift(drifts[0]!)).toBe('workspace orders changed (logic) since dist/shop-1.1.0.mwpkg, but its version is still 1.0.0');
  });

  it('counts logic added or removed, and says nothing when the content is the same or there is nothing to compare', () => {
    expect(versionDrift(manifest([['a', '1.0.0', 'd', 'l']]), [{ file: 'p', manifest: manifest([['a', '1.0.0', 'd']]) }])[0]?.changed).toEqual(['logic']);
    expect(versionDrift(manifest([['a', '1.0.0', 'd', 'l']]), [{ file: 'p', manifest: manifest([['a', '1.0.0', 'd', 'l']]) }])).toEqual([]);
    expect(versionDrift(manifest([['a', '1.0.0', 'd']]), [])).toEqual([]);
  });
});
