'use client';
// Match weights (five sliders that always sum to 100), thresholds, and a
// preview of what the proposal would do to the matches open right now,
// before anyone saves it.
import { useMutation } from '@tanstack/react-query';
import { Eye } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { FormCard, useSettingsForm } from '@/components/settings/form';
import { rebalance, WEIGHT_KEYS, type WeightKey, type Weights } from '@/components/settings/weights';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { apiRequest } from '@/lib/hooks/fetcher';
import type { SettingsDto } from '@/lib/hooks/types';
import type { MatchSettingsProposal, SettingsPreviewDto } from '@/lib/reconciliation/preview';

const LABEL: Record<WeightKey, string> = { document: 'CPF/CNPJ', name: 'Nome', contact: 'Contato', amount: 'Valor', date: 'Data' };
const HINT: Record<WeightKey, string> = {
  document: 'Documento do pagador igual ao do cliente',
  name: 'Nome do pagador parecido com o do cliente',
  contact: 'E-mail ou telefone iguais',
  amount: 'Valor igual ao do recebível',
  date: 'Pago perto do vencimento',
};
const BAR: Record<WeightKey, string> = { document: 'bg-brand-700', name: 'bg-sky-600', contact: 'bg-violet-600', amount: 'bg-emerald-600', date: 'bg-amber-500' };
const STATUS_LABEL = { auto: 'Automático', suggested: 'Sugerido', unmatched: 'Sem match' } as const;

function usePreview() {
  return useMutation({ mutationFn: (p: MatchSettingsProposal) => apiRequest<SettingsPreviewDto>('/api/reconciliation/preview', { method: 'POST', body: p }) });
}

export function MatchingForm({ s, editable }: { s: SettingsDto; editable: boolean }) {
  const { save, errors, clear, busy } = useSettingsForm();
  const [w, setW] = useState<Weights>(s.weights);
  const [high, setHigh] = useState(String(s.thresholds.high));
  const [medium, setMedium] = useState(String(s.thresholds.medium));
  const preview = usePreview();
  const [previewed, setPreviewed] = useState<string | null>(null);
  const proposal: MatchSettingsProposal = { weights: w, thresholds: { high: Number(high), medium: Number(medium) } };
  const key = JSON.stringify(proposal);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save(proposal);
  }
  function runPreview() {
    setPreviewed(key);
    preview.mutate(proposal);
  }

  return (
    <FormCard title="Pesos e limites da conciliação" onSubmit={submit} editable={editable} busy={busy} rootError={errors['(root)']}>
      <p className="text-sm text-slate-600">Quanto cada critério vale na pontuação de uma conciliação. Ao mover um, os outros se ajustam para a soma continuar em 100%.</p>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {WEIGHT_KEYS.map((k) => (
          <div key={k} className={BAR[k]} style={{ width: `${w[k]}%` }} />
        ))}
      </div>
      <div className="flex flex-col gap-3">
        {WEIGHT_KEYS.map((k) => (
          <div key={k} className="grid grid-cols-[7rem_1fr_3.5rem] items-center gap-3 sm:grid-cols-[9rem_1fr_3.5rem]">
            <label htmlFor={`w-${k}`} className="text-sm font-medium text-slate-800">
              <span className={`mr-2 inline-block h-2.5 w-2.5 rounded-full ${BAR[k]}`} aria-hidden />
              {LABEL[k]}
              <span className="block text-xs font-normal text-slate-600">{HINT[k]}</span>
            </label>
            <input
              id={`w-${k}`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={w[k]}
              aria-valuetext={`${w[k]}%`}
              onChange={(e) => {
                setW(rebalance(w, k, e.target.valueAsNumber));
                clear('weights', `weights.${k}`);
              }}
              className="h-2 w-full cursor-pointer accent-brand-700"
            />
            <output htmlFor={`w-${k}`} className="tabular text-right text-sm font-semibold text-slate-900">{w[k]}%</output>
          </div>
        ))}
      </div>
      {errors.weights && <p role="alert" className="text-sm text-red-700">{errors.weights}</p>}
      <div className="grid grid-cols-2 gap-3 sm:max-w-md">
        <Field id="high" label="Limite alto (automático, %)" error={errors['thresholds.high'] ?? errors.thresholds}>
          <Input id="high" name="high" type="number" inputMode="numeric" min={0} max={100} value={high} onChange={(e) => {
              setHigh(e.target.value);
              clear('thresholds', 'thresholds.high', 'thresholds.medium');
            }} aria-invalid={Boolean(errors['thresholds.high'])} />
        </Field>
        <Field id="medium" label="Limite médio (sugestão, %)" error={errors['thresholds.medium']}>
          <Input id="medium" name="medium" type="number" inputMode="numeric" min={0} max={100} value={medium} onChange={(e) => {
              setMedium(e.target.value);
              clear('thresholds', 'thresholds.high', 'thresholds.medium');
            }} aria-invalid={Boolean(errors['thresholds.medium'])} />
        </Field>
      </div>
      {editable && (
        <section aria-label="Prévia" className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-700">Veja o que estes valores mudariam nas conciliações em aberto antes de salvar.</p>
            <Button type="button" variant="secondary" size="sm" onClick={runPreview} disabled={preview.isPending}>
              <Eye className="h-4 w-4" aria-hidden /> {preview.isPending ? 'Calculando…' : 'Ver efeito'}
            </Button>
          </div>
          <div aria-live="polite">
            {preview.isError && <p role="alert" className="text-sm text-red-700">{preview.error.message}</p>}
            {preview.data && !preview.isPending && <PreviewResult p={preview.data} stale={previewed !== key} />}
          </div>
        </section>
      )}
    </FormCard>
  );
}

function PreviewResult({ p, stale }: { p: SettingsPreviewDto; stale: boolean }) {
  const n = (x: number) => x.toLocaleString('pt-BR');
  return (
    <div className={stale ? 'opacity-60' : undefined}>
      {stale && <p className="mb-1 text-xs font-medium text-amber-800">Os valores mudaram desde esta prévia.</p>}
      <p className="text-sm font-medium text-slate-900">
        {p.statusChanged === 0
          ? `Nenhuma das ${n(p.credits)} conciliações em aberto mudaria de situação.`
          : `${n(p.statusChanged)} de ${n(p.credits)} conciliações em aberto mudariam de situação.`}
        {p.matchChanged > 0 && ` ${n(p.matchChanged)} teriam outro cliente ou recebível proposto.`}
      </p>
      <table className="mt-2 text-sm">
        <caption className="sr-only">Conciliações por situação, hoje e com estes valores</caption>
        <thead>
          <tr className="text-left text-xs text-slate-600">
            <th scope="col" className="pr-6 font-medium">Situação</th>
            <th scope="col" className="pr-6 text-right font-medium">Hoje</th>
            <th scope="col" className="text-right font-medium">Com estes valores</th>
          </tr>
        </thead>
        <tbody>
          {(['auto', 'suggested', 'unmatched'] as const).map((st) => (
            <tr key={st}>
              <th scope="row" className="pr-6 text-left font-normal">{STATUS_LABEL[st]}</th>
              <td className="tabular pr-6 text-right">{n(p.current[st])}</td>
              <td className="tabular text-right font-medium">{n(p.proposed[st])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.transitions.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2 text-xs text-slate-700">
          {p.transitions.map((t) => (
            <li key={`${t.from}-${t.to}`} className="rounded-full border border-slate-300 bg-white px-2 py-0.5">
              {STATUS_LABEL[t.from]} → {STATUS_LABEL[t.to]}: <span className="tabular font-semibold">{n(t.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
