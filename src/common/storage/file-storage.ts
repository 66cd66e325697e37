import { Readable } from 'node:stream';

export interface StoredFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/** Where attachment bytes live. The default adapter writes under STORAGE_DIR; others (S3, …) can replace it. */
export abstract class FileStorage {
  /**
   * Streams `source` into storage, hashing and counting as it goes. Over `maxBytes` it stops, leaves nothing behind
   * and throws PayloadTooLargeError.
   */
  abstract save(source: Readable, maxBytes: number): Promise<StoredFile>;
  abstract open(key: string): Promise<Readable>;
  abstract remove(key: string): Promise<void>;
}

/** Tells a file's type from its first bytes, never from what the client claims. */
export abstract class ContentTypeDetector {
  /** bytes the detector wants to see (it may get fewer for small files) */
  abstract readonly headBytes: number;
  abstract detect(head: Buffer, filename: string): Promise<string | null>;
}
