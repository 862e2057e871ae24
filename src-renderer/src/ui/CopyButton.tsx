import { useEffect, useState } from 'react';
import { Button, type ButtonProps } from './Button';
import { copyText } from './clipboard';

export interface CopyButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  /** The text, or a function computing it at click time (or fetching it: a promise of it). */
  text: string | (() => string | Promise<string>);
  label?: string;
}

export function CopyButton({ text, label = 'Copy', size = 'sm', ...rest }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <Button
      size={size}
      {...rest}
      onClick={() => {
        Promise.resolve(typeof text === 'function' ? text() : text).then(copyText).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}
    </Button>
  );
}
