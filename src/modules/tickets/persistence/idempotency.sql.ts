/**
 * Claims an Idempotency-Key for a user (`$1` user, `$2` key, `$3` request hash): a row when the key is new to them or
 * older than 24 h (taken over), none when it is in use. A concurrent claim blocks on the unique key until the first
 * commits. Apart from the repository, so the bench's floor (bench/floor-server.ts) runs exactly this statement.
 */
export const CLAIM_IDEMPOTENCY_KEY_SQL = `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, ticket_id = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '24 hours'
       RETURNING key`;
