// A button in the app's style that opens the browser's file chooser. The browser's own control
// ("Choose File / No file chosen") stays out of sight and out of the Tab order, still labelled, so
// assistive tech and tests (setInputFiles) reach it by `inputLabel`. The input is emptied after
// each pick, so choosing the same file again is read again.
import { useRef } from 'react';
import { Button, type ButtonProps } from './Button';

export interface FilePickerButtonProps {
  /** The button's text, its accessible name ("Open a file…"). */
  children: string;
  /** The hidden file input's accessible name ("Open a scenario file"). */
  inputLabel: string;
  /** The input's accept list (".yaml,.yml,.json"). */
  accept?: string;
  size?: ButtonProps['size'];
  disabled?: boolean;
  /** Called with the chosen file; not called when the chooser was closed without one. */
  onFile(file: File): void;
}

export function FilePickerButton({ children, inputLabel, accept, size = 'sm', disabled, onFile }: FilePickerButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button size={size} disabled={disabled} onClick={() => input.current?.click()}>
        {children}
      </Button>
      <input
        ref={input}
        type="file"
        className="sr-only"
        tabIndex={-1}
        accept={accept}
        aria-label={inputLabel}
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
