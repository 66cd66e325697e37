import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { useApiPrefix } from './bootstrap/create-app';
import { buildOpenApiDocument, serializeDocument } from './bootstrap/openapi/openapi-document';

const USAGE = 'usage: node dist/openapi.js [--check | --stdout] [file, default openapi.json]';

/**
 * Writes the OpenAPI document to openapi.json (`npm run openapi`), or with --check fails when the committed file
 * differs from what the code gives. The application is created in preview mode: routes and their metadata only,
 * no provider runs, so no database, Redis or configuration is needed.
 */
async function main(args: string[]): Promise<number> {
  const flags = args.filter((a) => a.startsWith('--'));
  const files = args.filter((a) => !a.startsWith('--'));
  if (flags.some((f) => f !== '--check' && f !== '--stdout') || files.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ withWorker: false }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  useApiPrefix(app);
  const text = serializeDocument(buildOpenApiDocument(app));
  await app.close();

  const file = resolve(files[0] ?? 'openapi.json');
  if (flags.includes('--stdout')) {
    // all of it reaches a pipe before the process exits
    await new Promise<void>((done) => process.stdout.write(text, () => done()));
  } else if (flags.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // a missing file is stale too
    }
    if (committed !== text) {
      process.stderr.write(`${file} is stale: run \`npm run openapi\` and commit the result\n`);
      return 1;
    }
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
