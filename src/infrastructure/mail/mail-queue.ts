import { QueueName } from '../queue/queue-names';

export const MAIL_QUEUE = 'mail' satisfies QueueName;
export const MAIL_JOB = 'send';
