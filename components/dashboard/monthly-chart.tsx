'use client';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MonthPoint } from '@/components/dashboard/summary';
import { formatBRL, formatMonth } from '@/lib/format';

const compact = new Intl.NumberFormat('pt-BR', { notation: 'compact', maximumFractionDigits: 1 });

export function MonthlyChart({ data }: { data: MonthPoint[] }) {
  return (
    <div className="mt-4 h-64" role="img" aria-label="Gráfico de créditos e débitos por mês nos últimos 12 meses">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: 0, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="month" tickFormatter={(m: string) => formatMonth(m)} tick={{ fontSize: 12, fill: '#475569' }} interval="preserveStartEnd" />
          <YAxis tickFormatter={(v: number) => compact.format(v)} tick={{ fontSize: 12, fill: '#475569' }} width={56} />
          <Tooltip
            formatter={(_v, name, item) => {
              const p = item.payload as MonthPoint;
              return [formatBRL(name === 'Créditos' ? p.creditsExact : p.debitsExact), name];
            }}
            labelFormatter={(m) => formatMonth(String(m), 'long')}
          />
          <Legend />
          <Bar dataKey="credits" name="Créditos" fill="#0b6b3a" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="debits" name="Débitos" fill="#b42318" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
