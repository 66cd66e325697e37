import 'reflect-metadata';
import { loadEnvironmentOrExit } from './bootstrap/process';
import { secretsConfig } from './config/configuration';
import { cliDataSource } from './infrastructure/database/cli-data-source';
import { AesGcmSecretCipher } from './infrastructure/security/aes-gcm-secret-cipher';
import { rotateStoredSecrets } from './infrastructure/security/secrets-rotation';

/**
 * `npm run secrets:rotate` (`node dist/secrets-rotate.js`): after SECRETS_KEY changed (the old key in
 * SECRETS_KEY_PREVIOUS), re-encrypts every stored mailbox password and webhook secret under the new key. Safe to run
 * again, and while the service runs. Prints counts only, never a secret.
 */
async function main(): Promise<number> {
  loadEnvironmentOrExit();
  const cipher = new AesGcmSecretCipher(secretsConfig());
  const dataSource = cliDataSource();
  await dataSource.initialize();
  try {
    const counts = await rotateStoredSecrets((sql, params) => dataSource.query(sql, params), cipher);
    const summary = Object.entries(counts)
      .map(([table, n]) => `${table}: ${n}`)
      .join(', ');
    process.stdout.write(`Secrets re-encrypted under key ${secretsConfig().current.id} (${summary})\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Secret rotation failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
