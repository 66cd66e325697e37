import { Global, Module } from '@nestjs/common';
import { storageConfig, StorageConfig } from '../../config/configuration';
import { ContentTypeDetector, FileStorage } from '../../common/storage/file-storage';
import { LocalFileStorage } from './local-file-storage';
import { MagicBytesDetector } from './magic-bytes-detector';
import { S3FileStorage } from './s3-file-storage';
import { adapters } from '../../common/di/implements';

/** Attachment bytes on local disk (STORAGE_DRIVER=local, the default) or in an S3-compatible bucket (s3). */
@Global()
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [storageConfig.KEY],
      useFactory: (config: StorageConfig): FileStorage =>
        config.driver === 's3' ? new S3FileStorage(config.s3) : new LocalFileStorage(config),
    },
    ...adapters(MagicBytesDetector),
  ],
  exports: [FileStorage, ContentTypeDetector],
})
export class StorageModule {}
