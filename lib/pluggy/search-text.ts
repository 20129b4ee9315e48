// The query side of pluggy_transactions.search_text (migration
// 20261201160000): the same lower-casing and the same character table as the
// column's translate(), so "João" finds "JOAO" and "joao" finds "João".
const FROM = 'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ';
const TO = 'aaaaaaeeeeiiiiooooouuuucnyy';
const FOLD = new Map([...FROM].map((c, i) => [c, TO[i]!]));

export function foldSearchText(s: string): string {
  let out = '';
  for (const c of s.toLowerCase()) out += FOLD.get(c) ?? c;
  return out;
}

/**
 * A `contains` filter value that matches its text literally: Prisma passes it
 * into LIKE as is, so a typed "100%" or "a_b" would otherwise be wildcards.
 */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
