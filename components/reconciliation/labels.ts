// Words and tones of the Conciliação page (pt-BR), in one place.
import type { Tone } from '@/components/ui/badge';
import type { ReconRowDto } from '@/lib/hooks/types';

export const STATUS_LABEL: Record<ReconRowDto['status'] | 'confirmed', string> = {
  auto: 'Automático',
  suggested: 'Sugerido',
  unmatched: 'Sem match',
  confirmed: 'Conciliado',
};

export const STATUS_TONE: Record<ReconRowDto['status'] | 'confirmed', Tone> = {
  auto: 'success',
  suggested: 'warning',
  unmatched: 'neutral',
  confirmed: 'info',
};

export const CRITERION_LABEL: Record<ReconRowDto['reasons'][number]['criterion'], string> = {
  document: 'CPF/CNPJ',
  name: 'Nome',
  contact: 'Contato',
  amount: 'Valor',
  date: 'Data',
};

/** Scores as people read them: "92", "67,5". */
export const formatScore = (score: number) => score.toLocaleString('pt-BR', { maximumFractionDigits: 1 });

export function scoreTone(score: number): Tone {
  if (score >= 85) return 'success';
  if (score >= 60) return 'warning';
  return 'neutral';
}
