'use client';
// The queue's keyboard: j/k or ↓/↑ move, Enter or c confirms, r rejects,
// d or Space opens the details, u undoes (Conciliado), x selects. Ignored
// while typing (inputs, selects, editable text), while a dialog is open, with
// a modifier held, and for Enter/Space on a focused control (they press it).
import { useEffect, useRef } from 'react';

export type QueueAction = 'next' | 'prev' | 'confirm' | 'reject' | 'details' | 'undo' | 'select';

const KEYS: Record<string, QueueAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  Enter: 'confirm',
  c: 'confirm',
  r: 'reject',
  d: 'details',
  ' ': 'details',
  u: 'undo',
  x: 'select',
};

/** Pure: what a key press means here, or null (exported for tests). */
export function queueActionOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>, doc: Pick<Document, 'querySelector'> = document): QueueAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const action = KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
  if (!action) return null;
  const el = e.target as HTMLElement | null;
  if (el && typeof el.closest === 'function') {
    if (el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], [role="listbox"], [role="menu"]')) return null;
    if ((e.key === 'Enter' || e.key === ' ') && el.closest('button, a, [role="button"], [role="radio"], [role="checkbox"]')) return null;
  }
  if (doc.querySelector('[role="dialog"], [role="alertdialog"]')) return null;
  return action;
}

export function useQueueKeys(onAction: (action: QueueAction) => void, enabled = true) {
  const handler = useRef(onAction);
  useEffect(() => {
    handler.current = onAction;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      const action = queueActionOf(e);
      if (!action) return;
      e.preventDefault();
      handler.current(action);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled]);
}
