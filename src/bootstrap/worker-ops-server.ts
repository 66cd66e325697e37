import { createServer, Server } from 'node:http';
import { MetricsService } from '../infrastructure/metrics/metrics.service';

/**
 * The standalone worker has no API, but its queues and outbox are worth watching: a bare HTTP listener serves its
 * Prometheus metrics (failed mails and webhooks, outbox backlog, …) and a liveness answer for probes.
 */
export function startWorkerOpsServer(metrics: MetricsService, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.render().then(
        (body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.method === 'GET' && path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
