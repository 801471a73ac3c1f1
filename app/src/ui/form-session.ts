// An action's form between the screen and the logic Worker: what the user typed (saved as a
// draft on every keystroke, so a reload or a crash loses nothing), the Worker's view of the
// form (values, field states, messages), and changes sent to it one after the other.
import { newId } from '../ids.js';
import type { DataRecord, Value } from '../../../src/logic/api.js';
import type { AppController } from '../controller.js';
import { LogicStopped, type LogicHost } from '../logic-host.js';
import type { FormSnapshot } from '../logic-protocol.js';

export interface FormStart {
  actionId: string;
  pageId?: string;
  record?: DataRecord;
  /** Values to start with: a restored draft, or a rejected change being fixed. */
  values?: DataRecord;
}

function same(a: Value | undefined, b: Value | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

export class FormSession {
  snapshot?: FormSnapshot;
  failure?: string;
  private edits: DataRecord = {};
  private chain: Promise<unknown> = Promise.resolve();
  private readonly formId = newId();

  constructor(
    private readonly app: AppController,
    private readonly host: LogicHost,
    readonly draftId: string,
    private readonly start: FormStart,
    private readonly onUpdate: () => void,
  ) {}

  async open(): Promise<void> {
    try {
      this.snapshot = await this.host.startForm(this.app.state.isOnline, this.formId, this.start.actionId, {
        ...(this.start.pageId ? { pageId: this.start.pageId } : {}),
        ...(this.start.record ? { record: this.start.record } : {}),
        ...(this.start.values ? { values: { ...this.start.values, ...this.edits } } : Object.keys(this.edits).length ? { values: this.edits } : {}),
      });
      this.failure = undefined;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    }
    this.onUpdate();
  }

  values(): DataRecord {
    return { ...this.snapshot?.values, ...this.edits };
  }

  input(field: string, value: Value): void {
    this.edits[field] = value;
    this.saveDraftSoon();
    this.onUpdate();
  }

  commit(field: string, value: Value): Promise<unknown> {
    this.edits[field] = value;
    this.saveDraftSoon();
    this.chain = this.chain
      .then(() => this.run(() => this.host.change(this.formId, field, value)))
      .then(() => {
        if (same(this.edits[field], value) && same(this.snapshot?.values[field], value)) delete this.edits[field];
      });
    return this.chain;
  }

  /** Sends what was typed but not committed yet (a field still focused), then waits. */
  async flush(): Promise<void> {
    for (const [field, value] of Object.entries(this.edits)) {
      if (!same(this.snapshot?.values[field], value)) void this.commit(field, value ?? null);
    }
    await this.chain;
  }

  async validate(): Promise<FormSnapshot | undefined> {
    await this.flush();
    await this.run(() => this.host.validate(this.formId));
    return this.snapshot;
  }

  async queue(): Promise<FormSnapshot | undefined> {
    await this.flush();
    await this.run(() => this.host.queue(this.formId));
    return this.snapshot;
  }

  private async run(call: () => Promise<FormSnapshot>): Promise<void> {
    try {
      this.snapshot = await call();
    } catch (error) {
      if (error instanceof LogicStopped) {
        // The Worker was ended (a script that hung): start the form again with what the user had.
        this.app.notify(error.message, 'warning');
        this.edits = this.values();
        await this.open();
        return;
      }
      // A change the form refuses (a field logic just hid or locked) is simply not made.
    }
    this.onUpdate();
  }

  /** Every keystroke goes to disk at once: a reload a moment later must still find it. */
  private saveDraftSoon(): void {
    void this.saveDraft().catch(() => undefined);
  }

  saveDraft(): Promise<void> {
    return this.app.store.putDraft({ id: this.draftId, values: this.values(), updatedAt: new Date().toISOString() });
  }

  async close(keepDraft: boolean): Promise<void> {
    this.host.closeForm(this.formId);
    if (!keepDraft) await this.app.store.deleteDraft(this.draftId);
  }

  /** Whether the user typed anything not yet in a draft (leaving saves it). */
  hasEdits(): boolean {
    return Object.keys(this.edits).length > 0;
  }
}
