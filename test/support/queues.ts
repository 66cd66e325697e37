import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';

/** The job schedulers registered on `queue` (by whichever workers started), each as its key and interval. */
export async function schedulesOf(
  app: NestFastifyApplication,
  queue: string,
): Promise<Array<{ key: string; every: number | undefined }>> {
  const schedulers = await app.get<Queue>(getQueueToken(queue)).getJobSchedulers();
  return schedulers.map((s) => ({ key: s.key, every: s.every }));
}
