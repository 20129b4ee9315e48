'use client';
import * as S from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';

export interface Option {
  value: string;
  label: string;
}

/** Radix select; the empty choice is the sentinel ALL (Radix forbids '' as a value). */
export const ALL = '__all__';

export function Select({ id, value, onChange, options, label }: { id?: string; value: string; onChange: (v: string) => void; options: Option[]; label: string }) {
  return (
    <S.Root value={value} onValueChange={onChange}>
      <S.Trigger id={id} aria-label={label} className="inline-flex h-10 w-full items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm">
        <S.Value />
        <S.Icon>
          <ChevronDown className="h-4 w-4 text-slate-500" aria-hidden />
        </S.Icon>
      </S.Trigger>
      <S.Portal>
        <S.Content position="popper" sideOffset={4} className="z-50 max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
          <S.Viewport className="p-1">
            {options.map((o) => (
              <S.Item key={o.value} value={o.value} className="relative flex cursor-pointer items-center rounded py-1.5 pr-2 pl-7 text-sm outline-none data-[highlighted]:bg-slate-100">
                <S.ItemIndicator className="absolute left-2">
                  <Check className="h-4 w-4" aria-hidden />
                </S.ItemIndicator>
                <S.ItemText>{o.label}</S.ItemText>
              </S.Item>
            ))}
          </S.Viewport>
        </S.Content>
      </S.Portal>
    </S.Root>
  );
}
