-- Accent- and case-insensitive search over a transaction's description and
-- payer: banks write "JOAO DA SILVA", people type "João". A stored generated
-- column (lower-cased, Portuguese diacritics folded by translate(), both
-- immutable) keeps every writer (sync, webhooks, statement imports, SQL by
-- hand) in step without a trigger, and lib/pluggy/search-text.ts folds the query
-- with the same table. unaccent is not used: it is an extension the embedded
-- and managed servers do not all ship.
ALTER TABLE "pluggy_transactions" ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (
  translate(
    lower(coalesce("description", '') || ' ' || coalesce("payer_name", '')),
    'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ',
    'aaaaaaeeeeiiiiooooouuuucnyy'
  )
) STORED;
