import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NotFoundError, PayloadTooLargeError } from '../../common/errors/domain-errors';
import { FileStorage, StoredFile } from '../../common/storage/file-storage';
import { storageConfig } from '../../config/configuration';
import { byteMeter, isTooLarge } from './byte-meter';

/** Files under STORAGE_DIR/<aa>/<key>; written to a temporary name first and renamed only when complete. */
@Injectable()
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(@Inject(storageConfig.KEY) config: ConfigType<typeof storageConfig>) {
    super();
    this.root = resolve(config.dir);
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new NotFoundError('File');
    return join(this.root, key.slice(0, 2), key);
  }

  async save(source: Readable, maxBytes: number): Promise<StoredFile> {
    const key = randomUUID();
    const final = this.pathOf(key);
    const temp = join(this.root, 'tmp', `${key}.part`);
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    const meter = byteMeter(maxBytes);
    try {
      await pipeline(source, meter.stream, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      await rename(temp, final);
    } catch (err) {
      await rm(temp, { force: true });
      if (isTooLarge(err)) throw new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes`);
      throw err;
    }
    return { key, sizeBytes: meter.sizeBytes(), sha256: meter.sha256() };
  }

  open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    return new Promise((resolveStream, reject) => {
      const stream = createReadStream(path);
      stream.once('open', () => resolveStream(stream));
      stream.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new NotFoundError('File') : err),
      );
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
