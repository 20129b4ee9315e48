'use client';
// A date people type as dd/mm/aaaa whatever their OS locale (a native
// <input type="date"> follows the OS: mm/dd/yyyy on an English system). The
// form gets ISO yyyy-mm-dd under `name` (a hidden input), as the URL and the
// API keep it. The calendar button opens the browser's own picker, whose pick
// lands here as dd/mm/aaaa.
import { CalendarDays } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Input } from '@/components/ui/input';
import { formatDateInput, maskDateTyping, parseDateInput } from '@/lib/format';

export const DATE_INVALID = 'Data inválida: use dd/mm/aaaa.';

export function DateField({ id, name, defaultValue, label }: { id: string; name: string; defaultValue?: string; label: string }) {
  const [text, setText] = useState(() => formatDateInput(defaultValue));
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const errorId = `${useId()}-error`;
  const iso = parseDateInput(text);
  const invalid = iso === null;

  // Blocks the form's submit with our message (the browser shows it on the field).
  useEffect(() => input.current?.setCustomValidity(invalid ? DATE_INVALID : ''), [invalid]);

  return (
    <div className="flex flex-col gap-1">
      <div className="relative">
        <Input
          ref={input}
          id={id}
          inputMode="numeric"
          autoComplete="off"
          placeholder="dd/mm/aaaa"
          maxLength={10}
          value={text}
          onChange={(e) => setText(maskDateTyping(e.target.value))}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && invalid ? true : undefined}
          aria-describedby={touched && invalid ? errorId : undefined}
          className="pr-10 tabular-nums"
        />
        <input type="hidden" name={name} value={iso ?? ''} />
        <input
          ref={picker}
          type="date"
          tabIndex={-1}
          aria-hidden
          className="pointer-events-none absolute right-0 bottom-0 h-0 w-0 opacity-0"
          value={iso ?? ''}
          onChange={(e) => {
            setText(formatDateInput(e.target.value));
            setTouched(true);
          }}
        />
        <button
          type="button"
          aria-label={`Abrir calendário: ${label}`}
          className="absolute top-1/2 right-1 flex h-8 w-8 -translate-y-1/2 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          onClick={() => {
            try {
              picker.current?.showPicker();
            } catch {
              // No picker in this browser (or not allowed here): typing still works.
              input.current?.focus();
            }
          }}
        >
          <CalendarDays className="h-4 w-4" aria-hidden />
        </button>
      </div>
      {touched && invalid && (
        <p id={errorId} role="alert" className="text-xs text-red-700">
          {DATE_INVALID}
        </p>
      )}
    </div>
  );
}
