// Brazilian-looking people, companies and law firms, combined from short
// lists (thousands of combinations). Any match with a real person is chance.
import { pick, type Rng } from './rng';

const FIRST_NAMES = [
  'Ana', 'Maria', 'Juliana', 'Fernanda', 'Patrícia', 'Aline', 'Camila', 'Bruna', 'Letícia', 'Beatriz',
  'Larissa', 'Gabriela', 'Mariana', 'Vanessa', 'Cláudia', 'Renata', 'Sandra', 'Luciana', 'Daniela', 'Adriana',
  'Francisca', 'Antônia', 'Raimunda', 'Helena', 'Júlia', 'Isabela', 'Sofia', 'Lara', 'Rafaela', 'Tatiane',
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Gustavo', 'Thiago', 'Diego', 'André', 'Fábio', 'Leonardo', 'Matheus', 'Vinícius', 'Sérgio', 'Roberto',
] as const;

const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Cavalcanti', 'Monteiro', 'Moura', 'Batista',
] as const;

// Particles belong to specific surnames ("dos Santos", never "do Freitas").
const WITH_PARTICLE = [
  'da Silva', 'dos Santos', 'de Souza', 'de Oliveira', 'de Almeida', 'da Costa', 'de Lima', 'da Rocha',
  'de Freitas', 'de Andrade', 'da Cruz', 'de Jesus', 'de Moura', 'de Araújo', 'dos Reis', 'da Conceição',
] as const;

const BUSINESS_KINDS = [
  'Comercial', 'Construtora', 'Transportadora', 'Distribuidora', 'Indústria', 'Padaria', 'Auto Peças',
  'Clínica', 'Imobiliária', 'Supermercado', 'Farmácia', 'Agropecuária', 'Serviços', 'Tecnologia',
] as const;
const COMPANY_SUFFIXES = ['Ltda', 'Ltda', 'Ltda', 'ME', 'EPP', 'S.A.', 'SLU'] as const;

/** "Maria Souza", "João da Silva Santos", … */
export function personName(rng: Rng): string {
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, SURNAMES);
  const r = rng();
  if (r < 0.35) return `${first} ${last}`;
  if (r < 0.6) return `${first} ${pick(rng, WITH_PARTICLE)}`;
  const middle = pick(rng, SURNAMES);
  return middle === last ? `${first} ${last}` : `${first} ${middle} ${last}`;
}

function distinctSurnames(rng: Rng, n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const s = pick(rng, SURNAMES);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** "Silva & Souza Ltda", "Construtora Almeida EPP", … */
export function companyName(rng: Rng): string {
  const suffix = pick(rng, COMPANY_SUFFIXES);
  if (rng() < 0.4) {
    const [a, b] = distinctSurnames(rng, 2);
    return `${a} & ${b} ${suffix}`;
  }
  return `${pick(rng, BUSINESS_KINDS)} ${pick(rng, SURNAMES)} ${suffix}`;
}

/** A landlord when it is a company: "Imobiliária Costa Ltda", … */
export function realEstateName(rng: Rng): string {
  const surname = pick(rng, SURNAMES);
  return rng() < 0.6 ? `Imobiliária ${surname} Ltda` : `${surname} Administração de Imóveis Ltda`;
}

/** "Almeida Advogados Associados", "Souza, Lima & Costa Sociedade de Advogados", … */
export function lawFirmName(rng: Rng): string {
  const r = rng();
  if (r < 0.35) return `${pick(rng, SURNAMES)} Advogados Associados`;
  if (r < 0.6) {
    const [a, b] = distinctSurnames(rng, 2);
    return `${a} & ${b} Advogados`;
  }
  if (r < 0.8) {
    const [a, b, c] = distinctSurnames(rng, 3);
    return `${a}, ${b} & ${c} Sociedade de Advogados`;
  }
  return `Escritório de Advocacia ${pick(rng, FIRST_NAMES)} ${pick(rng, SURNAMES)}`;
}

/** Bank statements carry names in upper case without accents. */
export function statementName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}
