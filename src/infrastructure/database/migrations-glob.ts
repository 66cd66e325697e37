import { join } from 'node:path';

/** Compiled migrations sit beside the compiled sources (dist/migrations/<timestamp>-<name>.js). */
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '[0-9]*-*.js');
