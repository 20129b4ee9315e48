'use client';
// The settings page's form pieces: one partial-update form per card, the API's
// pt-BR errors next to the fields.
import { useState, type FormEvent, type ReactNode } from 'react';
import { issuesByPath } from '@/components/settings/issues';
import { Button } from '@/components/ui/button';
import { Card, CardTitle } from '@/components/ui/card';
import { useToast } from '@/components/ui/toast';
import type { SettingsUpdate } from '@/lib/hooks/types';
import { useUpdateSettings } from '@/lib/hooks/use-settings';

/** One form that posts a partial update and shows the API's pt-BR errors next to the fields. */
export function useSettingsForm() {
  const update = useUpdateSettings();
  const { show } = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  function save(body: SettingsUpdate) {
    setErrors({});
    update.mutate(body, {
      onSuccess: () => show({ title: 'Configurações salvas.', tone: 'success' }),
      onError: (e) => setErrors(issuesByPath(e)),
    });
  }
  /** A field's error is about the value that was sent: it goes once the person edits that field. */
  function clear(...paths: string[]) {
    setErrors((e) => (paths.some((p) => p in e) ? Object.fromEntries(Object.entries(e).filter(([k]) => !paths.includes(k))) : e));
  }
  return { save, errors, clear, busy: update.isPending };
}

export function FormCard({ title, children, onSubmit, editable, busy, rootError }: { title: string; children: ReactNode; onSubmit: (e: FormEvent<HTMLFormElement>) => void; editable: boolean; busy: boolean; rootError?: string }) {
  return (
    <Card>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={title}>
        <CardTitle>{title}</CardTitle>
        <fieldset disabled={!editable} className="flex flex-col gap-4">{children}</fieldset>
        {rootError && <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{rootError}</p>}
        {editable && (
          <div>
            <Button type="submit" disabled={busy}>{busy ? 'Salvando…' : 'Salvar'}</Button>
          </div>
        )}
      </form>
    </Card>
  );
}

export function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="h-4 w-4 accent-brand-700" />
      {label}
    </label>
  );
}
