import { releaseInfrastructure } from './infrastructure';

export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__TEST_INFRA__;
  if (infra) await releaseInfrastructure(infra);
}
