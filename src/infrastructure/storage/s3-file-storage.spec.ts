import { S3ServiceException } from '@aws-sdk/client-s3';
import { ServiceUnavailableError } from '../../common/errors/domain-errors';
import { storageError } from './s3-file-storage';

const s3Error = (name: string, status: number, fault: 'client' | 'server', retryable?: boolean) =>
  new S3ServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    ...(retryable === undefined ? {} : { $retryable: { throttling: retryable } }),
  });

describe('storageError', () => {
  it.each([
    ['InternalError', 500, 'server' as const, undefined],
    ['ServiceUnavailable', 503, 'server' as const, undefined],
    ['SlowDown', 503, 'client' as const, true],
  ])('reads %s (%d) as the storage being away: 503', (name, status, fault, retryable) => {
    expect(storageError(s3Error(name, status, fault, retryable))).toBeInstanceOf(ServiceUnavailableError);
  });

  it('leaves refusals and errors of other kinds as they are', () => {
    const denied = s3Error('AccessDenied', 403, 'client');
    expect(storageError(denied)).toBe(denied);
    const other = new Error('socket hang up');
    expect(storageError(other)).toBe(other);
  });
});
