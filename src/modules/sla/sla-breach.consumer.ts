import { Processor } from '@nestjs/bullmq';
import { slaConfig } from '../../config/configuration';
import { QueueName } from '../../infrastructure/queue/queue-names';
import { ScheduledJobHost } from '../../infrastructure/queue/scheduled-job-host';
import { SlaBreachSweepService } from './sla-breach-sweep.service';

export const SLA_QUEUE = 'sla' satisfies QueueName;
export const SLA_SWEEP_SCHEDULER = 'sla-breach-sweep';

/**
 * The breach sweep every SLA_SWEEP_INTERVAL_MS, on one worker at a time. Overdue targets are found by an indexed query,
 * so a worker that was down for an hour marks everything missed on its first run.
 */
@Processor(SLA_QUEUE)
export class SlaBreachConsumer extends ScheduledJobHost(
  {
    schedule: (config) => ({
      every: config.sweepIntervalMs,
      name: 'sweep',
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 2 },
    }),
    queue: SLA_QUEUE,
    scheduler: SLA_SWEEP_SCHEDULER,
    config: slaConfig,
  },
  { by: SlaBreachSweepService, run: (sweeper) => sweeper.sweep() },
) {}
