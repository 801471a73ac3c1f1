// A modal question (an action's `confirm`, warnings to accept): a native <dialog>, so focus
// stays inside and Escape cancels.
import { useEffect, useRef } from 'preact/hooks';

export interface ConfirmProps {
  title: string;
  text: string;
  confirmLabel?: string;
  onAnswer(isConfirmed: boolean): void;
}

export function ConfirmDialog({ title, text, confirmLabel = 'Confirm', onAnswer }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-text"
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <p id="dialog-text">{text}</p>
      <div class="dialog-buttons">
        <button type="button" class="secondary" onClick={() => onAnswer(false)}>
          Cancel
        </button>
        <button type="button" class="primary" autoFocus onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** Renders a dialog and resolves with the answer: `ask(setDialog, …)`. */
export function ask(show: (dialog: ConfirmProps | undefined) => void, props: Omit<ConfirmProps, 'onAnswer'>): Promise<boolean> {
  return new Promise((resolve) =>
    show({
      ...props,
      onAnswer: (answer) => {
        show(undefined);
        resolve(answer);
      },
    }),
  );
}
