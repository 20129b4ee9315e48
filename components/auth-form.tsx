'use client';
// Built-in e-mail + password forms (used when Clerk is not configured).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { apiFetch, ApiClientError } from '@/lib/api-client';

export function AuthForm({
  endpoint,
  submitLabel,
  fields,
  extra,
  redirectTo,
  transform,
}: {
  endpoint: string;
  submitLabel: string;
  fields: { name: string; label: string; type: string; autoComplete?: string; minLength?: number; defaultValue?: string; readOnly?: boolean }[];
  extra?: ReactNode;
  redirectTo: string;
  transform?: (values: Record<string, string>) => Record<string, unknown>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const values = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
    try {
      await apiFetch(endpoint, { method: 'POST', body: transform ? transform(values) : values });
      router.replace(redirectTo);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiClientError) {
        const issues = (err.details as { issues?: { message: string }[] } | undefined)?.issues;
        setError(issues?.length ? issues.map((i) => i.message).join(' ') : err.message);
      } else {
        setError('Não foi possível concluir. Verifique sua conexão e tente novamente.');
      }
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {fields.map((f) => (
        <label key={f.name}>
          {f.label}
          <input
            name={f.name}
            type={f.type}
            autoComplete={f.autoComplete}
            minLength={f.minLength}
            defaultValue={f.defaultValue}
            readOnly={f.readOnly}
            required
          />
        </label>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Aguarde…' : submitLabel}
      </button>
      {extra}
    </form>
  );
}
