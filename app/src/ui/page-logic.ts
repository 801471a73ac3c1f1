// onPageOpened for a screen: runs when the page (or its record) opens, if the script has it.
import { useEffect, useState } from 'preact/hooks';
import type { DataRecord } from '../../../src/logic/api.js';
import type { PageSnapshot } from '../logic-protocol.js';
import { useController } from './hooks.js';

export function usePageLogic(workspaceId: string, pageId: string, record: DataRecord | undefined, recordVersion?: unknown): PageSnapshot | undefined {
  const app = useController();
  const [snapshot, setSnapshot] = useState<PageSnapshot>();
  useEffect(() => {
    const host = app.logic(workspaceId);
    if (!host) return;
    let isCurrent = true;
    host
      .load()
      .then(() => (host.has('onPageOpened') ? host.openPage(app.state.isOnline, pageId, record) : undefined))
      .then((answer) => {
        if (isCurrent) setSnapshot(answer);
      })
      .catch((error: unknown) => app.notify(`The workspace's business logic failed: ${String(error instanceof Error ? error.message : error)}`, 'warning'));
    return () => {
      isCurrent = false;
    };
  }, [workspaceId, pageId, recordVersion, app]);
  return snapshot;
}
