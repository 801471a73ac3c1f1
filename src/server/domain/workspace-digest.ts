// What identifies a workspace's content, whatever its version number says: a digest of its
// normalised definition and its logic. The app restarts a workspace's logic when the digest
// changes, so a change shipped without a version bump still reaches every phone; the digest of
// the set a user may open is the ETag of GET /me/workspaces, which the app polls cheaply.
import { createHash } from 'node:crypto';

export function workspaceDigest(definitionJson: string, logic: string | null): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify([definitionJson, logic]))
    .digest('hex')}`;
}

/** The digest of what a user may open (an HTTP entity tag): which workspaces, in which order, with which content. */
export function openableSetDigest(workspaces: ReadonlyArray<{ id: string; digest: string }>): string {
  const listed = workspaces.map((w) => [w.id, w.digest]);
  return `"${createHash('sha256').update(JSON.stringify(listed)).digest('base64url')}"`;
}
