import { SecretCipher } from '../../common/security/secret-cipher';

/** Every column that holds an encrypted secret, with the purpose it is encrypted for. */
export const ENCRYPTED_COLUMNS = [
  { table: 'webhooks', column: 'secret', purpose: 'webhooks.secret' },
  { table: 'mailboxes', column: 'password_encrypted', purpose: 'mailboxes.password' },
] as const;

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/**
 * Re-encrypts every stored secret that is not yet under the current SECRETS_KEY (it must be readable with the
 * current or the previous key). Each value is swapped only if it is still the one read, so a secret changed
 * meanwhile is left alone (it is under the current key already). Returns the count per table.
 */
export async function rotateStoredSecrets(
  query: Query,
  cipher: SecretCipher,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, column, purpose } of ENCRYPTED_COLUMNS) {
    counts[table] = 0;
    const rows = (await query(`SELECT id, ${column} AS value FROM ${table}`)) as Array<{
      id: string;
      value: string;
    }>;
    for (const row of rows) {
      if (!cipher.needsRotation(row.value)) continue;
      const fresh = cipher.encrypt(cipher.decrypt(row.value, purpose), purpose);
      await query(`UPDATE ${table} SET ${column} = $3 WHERE id = $1 AND ${column} = $2`, [
        row.id,
        row.value,
        fresh,
      ]);
      counts[table] += 1;
    }
  }
  return counts;
}
