import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PIDs from one PostgreSQL sequence per month (`ticket_pid_seq_YYYYMM`) instead of a row of `ticket_counters`.
 * Bumping that row locked it until the creating transaction committed, so every creation waited for the one before
 * it to be flushed to disk: creations could not outpace one commit after another. A sequence hands out the next
 * number without a lock held to the commit. Numbers stay unique and in order of numbering; a creation that fails
 * after taking its number leaves that number unused.
 *
 * `ticket_pid_next(period)` returns the month's next number, creating the month's sequence on its first call (under
 * a transaction-scoped advisory lock, so instances racing at the start of a month create it once). A month already
 * counted in `ticket_counters` continues from its last value there. `down` writes each sequence's last value back
 * into `ticket_counters`, so the row counter continues where the sequences stopped.
 */
export class NumberTicketsFromMonthlySequences1764930000000 implements MigrationInterface {
  name = 'NumberTicketsFromMonthlySequences1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ticket_pid_next(month text) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        seq regclass := to_regclass('ticket_pid_seq_' || month);
      BEGIN
        IF seq IS NULL THEN
          IF month !~ '^[0-9]{6}$' THEN
            RAISE EXCEPTION 'bad PID period %', month USING ERRCODE = '22023';
          END IF;
          -- one creator at a time; the others then find the sequence it made
          PERFORM pg_advisory_xact_lock(7340212);
          seq := to_regclass('ticket_pid_seq_' || month);
          IF seq IS NULL THEN
            -- IF NOT EXISTS: the lock's holder before us may have made it (this lookup can miss a fresh commit)
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint START WITH %s', 'ticket_pid_seq_' || month,
              (SELECT coalesce(max(c.last_value), 0) + 1 FROM ticket_counters c WHERE c.period = month));
            seq := to_regclass('ticket_pid_seq_' || month);
          END IF;
        END IF;
        RETURN nextval(seq);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE
        s record;
        used bigint;
      BEGIN
        FOR s IN SELECT c.relname FROM pg_class c
                  WHERE c.relkind = 'S' AND c.relname ~ '^ticket_pid_seq_[0-9]{6}$' LOOP
          EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %I', s.relname)
            INTO used;
          INSERT INTO ticket_counters (period, last_value) VALUES (right(s.relname, 6), used)
            ON CONFLICT (period) DO UPDATE SET last_value = greatest(ticket_counters.last_value, EXCLUDED.last_value);
          EXECUTE format('DROP SEQUENCE %I', s.relname);
        END LOOP;
      END $$`);
    await q.query(`DROP FUNCTION ticket_pid_next(text)`);
  }
}
