import { nextPart } from './http/multipart';
import { currentRequestContext, offDatabaseTime, runInRequestContext } from './request-context';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` as a request whose database deadline is already set; how far the deadline moved, and the time taken. */
async function movedBy(work: () => Promise<unknown>): Promise<{ by: number; took: number }> {
  const deadline = Date.now() + 1_000;
  return runInRequestContext({ requestId: 'r', actorId: null, databaseDeadline: deadline }, async () => {
    const started = Date.now();
    await work();
    return { by: currentRequestContext()!.databaseDeadline! - deadline, took: Date.now() - started };
  });
}

describe('offDatabaseTime', () => {
  it('moves the deadline on by the time the work took, once however the sections nest or overlap', async () => {
    const nested = await movedBy(() => offDatabaseTime(() => offDatabaseTime(() => wait(60))));
    expect(nested.by).toBeGreaterThanOrEqual(55);
    expect(nested.by).toBeLessThanOrEqual(nested.took);

    const overlapping = await movedBy(() =>
      Promise.all([offDatabaseTime(() => wait(60)), offDatabaseTime(() => wait(60))]),
    );
    expect(overlapping.by).toBeGreaterThanOrEqual(55);
    expect(overlapping.by).toBeLessThanOrEqual(overlapping.took);
  });

  it('moves it on even when the work fails, and sets none that was not set', async () => {
    const failed = await movedBy(() =>
      offDatabaseTime(async () => {
        await wait(40);
        throw new Error('refused');
      }).catch(() => undefined),
    );
    expect(failed.by).toBeGreaterThanOrEqual(35);
    const unset = await runInRequestContext({ requestId: 'r2', actorId: null }, async () => {
      await offDatabaseTime(() => wait(10));
      return currentRequestContext()!.databaseDeadline;
    });
    expect(unset).toBeUndefined();
  });

  it('counts no time spent waiting for the next multipart part', async () => {
    const slowParts: AsyncIterator<string> = {
      next: async () => {
        await wait(60);
        return { done: false, value: 'part' };
      },
    };
    const moved = await movedBy(() => nextPart(slowParts));
    expect(moved.by).toBeGreaterThanOrEqual(55);
  });
});
