import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../src/infrastructure/embedded/free-port';

/**
 * A real S3-compatible server (s3rver) on a free loopback port, with one bucket, files in a temp folder. It runs in
 * a child process of plain Node: Jest's module transform would compile its Koa stack, which that stack does not survive.
 */
export class TestS3Server {
  readonly bucket = 'helpdesk-test';
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'helpdesk-s3-'));
  port = 0;

  async start(): Promise<this> {
    this.port = await freePort();
    const options = {
      port: this.port,
      address: '127.0.0.1',
      directory: this.dir,
      silent: true,
      configureBuckets: [{ name: this.bucket }],
    };
    const script = `const S3rver = require('s3rver');
      new S3rver(${JSON.stringify(options)}).run().then(() => console.log('s3rver ready'));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
      child.stdout.on('data', (c: Buffer) => c.toString().includes('s3rver ready') && resolve());
    });
    return this;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the application needs to store attachments here. */
  env(): Record<string, string> {
    return {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: this.endpoint,
      S3_BUCKET: this.bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  }

  async keys(): Promise<string[]> {
    const client = this.client();
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: this.bucket }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '');
    } finally {
      client.destroy();
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
