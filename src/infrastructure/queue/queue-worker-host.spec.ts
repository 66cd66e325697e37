import { Logger } from '@nestjs/common';
import { QueueWorkerHost, WORKER_ERROR_REPORT_INTERVAL_MS } from './queue-worker-host';

class Consumer extends QueueWorkerHost {
  process(): Promise<void> {
    return Promise.resolve();
  }
}

describe('QueueWorkerHost', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports a worker error at most once per interval, with the count held back', () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const host = new Consumer();
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');

    host.onWorkerError(refused);
    host.onWorkerError(refused);
    now += WORKER_ERROR_REPORT_INTERVAL_MS - 1;
    host.onWorkerError(refused);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ error: refused.message, heldBack: 0 });

    now += 1;
    host.onWorkerError(refused);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toEqual({ error: refused.message, heldBack: 2 });
  });
});
