import { Global, Module } from '@nestjs/common';
import { ContentTypeDetector, FileStorage } from '../../common/storage/file-storage';
import { LocalFileStorage } from './local-file-storage';
import { MagicBytesDetector } from './magic-bytes-detector';

@Global()
@Module({
  providers: [
    { provide: FileStorage, useClass: LocalFileStorage },
    { provide: ContentTypeDetector, useClass: MagicBytesDetector },
  ],
  exports: [FileStorage, ContentTypeDetector],
})
export class StorageModule {}
