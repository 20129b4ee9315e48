// A comparable snapshot of a database schema, for the drift check: tables and
// columns, indexes, constraints, enums, triggers and functions, in a stable
// text form.
import pg from 'pg';

export interface Snapshot {
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
  /** Definitions of user triggers, and of the functions in the schema (name: md5 of the source). */
  triggers: string[];
  functions: string[];
}

export async function snapshot(url: string): Promise<Snapshot> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const columns = await c.query<{ s: string }>(`
      SELECT format('%s.%s %s %s default=%s', table_name, column_name,
                    CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE
                      data_type || coalesce('(' || character_maximum_length || ')', '')
                      || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
                      || coalesce('(p' || datetime_precision || ')', '') END,
                    CASE WHEN is_nullable = 'YES' THEN 'null' ELSE 'not null' END,
                    coalesce(column_default, '-')) AS s
      FROM information_schema.columns
      WHERE table_schema = 'public'
      ORDER BY 1`);
    const indexes = await c.query<{ s: string }>(`
      SELECT indexname || ': ' || regexp_replace(indexdef, ' IF NOT EXISTS', '') AS s
      FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
    const constraints = await c.query<{ s: string }>(`
      SELECT format('%s %s %s: %s', rel.relname, con.contype, con.conname, pg_get_constraintdef(con.oid)) AS s
      FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = rel.relnamespace
      WHERE n.nspname = 'public' ORDER BY 1`);
    const enums = await c.query<{ s: string }>(`
      SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS s
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`);
    const triggers = await c.query<{ s: string }>(`
      SELECT pg_get_triggerdef(t.oid) AS s
      FROM pg_trigger t JOIN pg_class rel ON rel.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = rel.relnamespace
      WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`);
    const functions = await c.query<{ s: string }>(`
      SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || '): ' || md5(p.prosrc) AS s
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' ORDER BY 1`);
    return {
      triggers: triggers.rows.map((r) => r.s),
      functions: functions.rows.map((r) => r.s),
      columns: columns.rows.map((r) => r.s),
      indexes: indexes.rows.map((r) => r.s),
      constraints: constraints.rows.map((r) => r.s),
      enums: enums.rows.map((r) => r.s),
    };
  } finally {
    await c.end();
  }
}
