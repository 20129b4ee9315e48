// Input rules for tenant settings (pure). Weights are percentages that sum to
// 100; thresholds are 0–100 with medium < high; the logo is a small PNG, JPEG
// or WebP data URL (SVG is refused: it can carry scripts).
import { z } from 'zod';

export const MAX_LOGO_BYTES = 256 * 1024;

const percent = z.number().int('Use um número inteiro.').min(0, 'Mínimo 0.').max(100, 'Máximo 100.');

export const WeightsSchema = z
  .strictObject({ document: percent, name: percent, contact: percent, amount: percent, date: percent })
  .refine((w) => w.document + w.name + w.contact + w.amount + w.date === 100, {
    message: 'Os pesos devem somar 100.',
  });

export const ThresholdsSchema = z
  .strictObject({ high: percent, medium: percent })
  .refine((t) => t.medium < t.high, { message: 'O limite médio deve ser menor que o alto.', path: ['medium'] });

const secret = (label: string) =>
  z.union([z.string().trim().min(4, `${label}: mínimo 4 caracteres.`).max(512, `${label}: máximo 512 caracteres.`), z.null()]);

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

export const LogoSchema = z.union([
  z.null(),
  z
    .string()
    .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 64, `O logotipo deve ter no máximo ${MAX_LOGO_BYTES / 1024} KB.`)
    .superRefine((value, ctx) => {
      const m = /^data:(image\/[a-z+]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(value);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'Envie o logotipo como data URL base64 (PNG, JPEG ou WebP).' });
        return;
      }
      const check = MAGIC[m[1]!];
      if (!check) {
        ctx.addIssue({ code: 'custom', message: 'Formato de logotipo não aceito: use PNG, JPEG ou WebP.' });
        return;
      }
      const bytes = Buffer.from(m[2]!, 'base64');
      if (bytes.length > MAX_LOGO_BYTES) {
        ctx.addIssue({ code: 'custom', message: `O logotipo deve ter no máximo ${MAX_LOGO_BYTES / 1024} KB.` });
      } else if (!check(bytes)) {
        ctx.addIssue({ code: 'custom', message: 'O conteúdo do arquivo não corresponde ao tipo declarado.' });
      }
    }),
]);

export const SettingsUpdateSchema = z
  .strictObject({
    companyName: z.string().trim().min(2, 'Informe o nome (mín. 2 caracteres).').max(120, 'Máximo 120 caracteres.').optional(),
    logoDataUrl: LogoSchema.optional(),
    pluggyClientId: secret('Client ID do Pluggy').optional(),
    pluggyClientSecret: secret('Client Secret do Pluggy').optional(),
    advboxToken: secret('Token do Advbox').optional(),
    weights: WeightsSchema.optional(),
    thresholds: ThresholdsSchema.optional(),
    notifications: z
      .strictObject({
        onSync: z.boolean().optional(),
        onNewMatches: z.boolean().optional(),
        onSyncError: z.boolean().optional(),
        onReconciled: z.boolean().optional(),
      })
      .optional(),
    autoMarkPaidOnMatch: z.boolean().optional(),
    // Reais as a decimal string ("10000.00"): money never travels as a float.
    autoMatchCap: z
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Informe o valor em reais com ponto decimal, por exemplo 10000.00.')
      .refine((v) => Number(v) > 0, 'O limite deve ser maior que zero.')
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nada para atualizar.' });

export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;
