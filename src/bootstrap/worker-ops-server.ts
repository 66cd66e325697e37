import { createServer, Server } from 'node:http';
import { METRICS_CHALLENGE, metricsAccessAllowed } from '../infrastructure/metrics/metrics-token';
import { MetricsService } from '../infrastructure/metrics/metrics.service';

/**
 * The standalone worker has no API, but its queues and outbox are worth watching: a bare HTTP listener serves its
 * Prometheus metrics (failed mails and webhooks, outbox backlog, …), behind METRICS_TOKEN when it is set, and a
 * liveness answer for probes.
 */
export function startWorkerOpsServer(
  metrics: MetricsService,
  port: number,
  metricsToken?: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      if (!metricsAccessAllowed(req.headers.authorization, metricsToken)) {
        res
          .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': METRICS_CHALLENGE })
          .end(
            '{"success":false,"error":{"code":"UNAUTHENTICATED","message":"A valid metrics token is required"}}',
          );
        return;
      }
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
