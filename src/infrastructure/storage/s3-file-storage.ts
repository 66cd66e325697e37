import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from '../../common/errors/domain-errors';
import { FileStorage, StoredFile } from '../../common/storage/file-storage';
import type { StorageConfig } from '../../config/configuration';
import { byteMeter, isTooLarge } from './byte-meter';

const PART_BYTES = 5 * 1024 * 1024; // S3's smallest multipart part: memory per upload stays at two of these

/**
 * The bucket failing on its side (5xx, SlowDown throttling, whatever the SDK would retry) is the storage away for a
 * while: 503 SERVICE_UNAVAILABLE, which clients retry, never a 500 with the service's own fault logged. Anything
 * else (a refusal such as 403 after a credentials change) stays the server's error.
 */
export function storageError(err: unknown): unknown {
  if (
    err instanceof S3ServiceException &&
    (err.$fault === 'server' || err.$retryable !== undefined || (err.$metadata.httpStatusCode ?? 0) >= 500)
  )
    return new ServiceUnavailableError('File storage is unavailable; try again shortly');
  return err;
}

/**
 * Attachments in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …), so every replica sees every file. Uploads
 * stream through a size/hash meter into a multipart upload, downloads stream straight from GetObject: no file is
 * ever held whole in memory or on local disk.
 */
@Injectable()
export class S3FileStorage extends FileStorage implements OnApplicationShutdown {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: StorageConfig['s3']) {
    super();
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
    });
  }

  private objectKey(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new NotFoundError('File');
    return `attachments/${key}`;
  }

  async save(source: Readable, maxBytes: number): Promise<StoredFile> {
    const key = randomUUID();
    const Key = this.objectKey(key);
    const meter = byteMeter(maxBytes);
    const body = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    // a failed upload stops reading: end the pipeline too, or the request would wait on backpressure forever
    const uploaded = upload.done().catch((err: unknown) => {
      body.destroy(err as Error);
      throw err;
    });
    const [piped, stored] = await Promise.allSettled([pipeline(source, meter.stream, body), uploaded]);
    if (piped.status === 'rejected' || stored.status === 'rejected') {
      await upload.abort().catch(() => undefined);
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => undefined);
      const cause: unknown =
        piped.status === 'rejected' ? piped.reason : (stored as PromiseRejectedResult).reason;
      if (isTooLarge(cause)) throw new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes`);
      throw storageError(cause);
    }
    return { key, sizeBytes: meter.sizeBytes(), sha256: meter.sha256() };
  }

  async open(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('S3 answered GetObject without a body stream');
      return object.Body;
    } catch (err) {
      if (
        err instanceof S3ServiceException &&
        (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)
      )
        throw new NotFoundError('File');
      throw storageError(err);
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
