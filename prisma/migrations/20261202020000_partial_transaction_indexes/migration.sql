-- Every synced row maintained two index entries it never needed: import_id
-- is null for all but imported rows, payer_document for every debit and
-- most boletos. Partial indexes hold only the rows a lookup can find (an
-- equality on the column implies it is not null, so the same queries use
-- them), and a sync inserting 100,000 rows stops writing those entries.
-- Not expressible in schema.prisma (no partial indexes): kept here only.
DROP INDEX "pluggy_transactions_import_id_idx";
CREATE INDEX "pluggy_transactions_import_id_partial_idx" ON "pluggy_transactions" ("import_id") WHERE "import_id" IS NOT NULL;
DROP INDEX "pluggy_transactions_tenant_id_payer_document_idx";
CREATE INDEX "pluggy_transactions_payer_document_partial_idx" ON "pluggy_transactions" ("tenant_id", "payer_document") WHERE "payer_document" IS NOT NULL;

-- search_text (migration 20261201160000) ran translate() on every row, the
-- costliest part of writing one (about a third of a millisecond per hundred
-- rows here): bank lines are mostly plain ASCII, where translate() changes
-- nothing. Same values, translate() only when a byte is not ASCII. A stored
-- generated expression cannot be altered before PostgreSQL 17: the column is
-- dropped and added again (one rewrite of the table, when migrating).
ALTER TABLE "pluggy_transactions" DROP COLUMN "search_text";
ALTER TABLE "pluggy_transactions" ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (
  CASE
    WHEN octet_length(coalesce("description", '') || ' ' || coalesce("payer_name", ''))
       = char_length(coalesce("description", '') || ' ' || coalesce("payer_name", ''))
      THEN lower(coalesce("description", '') || ' ' || coalesce("payer_name", ''))
    ELSE translate(
      lower(coalesce("description", '') || ' ' || coalesce("payer_name", '')),
      'áàâãäåéèêëíìîïóòôõöúùûüçñýÿ',
      'aaaaaaeeeeiiiiooooouuuucnyy'
    )
  END
) STORED;
