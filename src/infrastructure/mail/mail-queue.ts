export const MAIL_QUEUE = 'mail';
export const MAIL_JOB = 'send';
