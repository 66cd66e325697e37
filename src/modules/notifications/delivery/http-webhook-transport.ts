import { lookup as dnsLookup, LookupAddress, LookupAllOptions } from 'node:dns';
import { ClientRequest, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { webhookConfig } from '../../../config/configuration';
import { isForbiddenAddress } from '../domain/address-policy';
import { TransportResult, WebhookTransport } from '../webhook-transport.port';
import { Implements } from '../../../common/di/implements';

/** A destination that resolved to an address webhooks may not reach. */
export class RefusedDestinationError extends Error {
  readonly code = 'EWEBHOOKREFUSED';
  constructor(host: string, address: string) {
    super(`destination ${host} resolves to ${address}, a loopback, private, link-local or reserved address`);
    this.name = 'RefusedDestinationError';
  }
}

type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for http.request that checks what it resolved: if any address of the name is forbidden the connection
 * is refused, otherwise the socket connects to exactly the addresses checked here, so a DNS answer that changes
 * between a check and the connect (rebinding) cannot slip a private address in.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      }
      const bad = allowPrivate ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
      if (bad) return callback(new RefusedDestinationError(hostname, bad.address), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** POSTs with node:http(s): no redirects followed, a deadline over the whole exchange, the answer body ignored. */
@Implements(WebhookTransport)
export class HttpWebhookTransport extends WebhookTransport {
  constructor(@Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>) {
    super();
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<TransportResult> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!this.config.allowPrivate && isIP(host) && isForbiddenAddress(host)) {
      const err = new RefusedDestinationError(host, host);
      return Promise.resolve({ statusCode: null, error: err.message, refused: true });
    }
    return new Promise((resolve) => {
      let settled = false;
      let req: ClientRequest | undefined = undefined;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      const deadline = setTimeout(
        () => req?.destroy(new Error(`no answer within ${this.config.timeoutMs} ms`)),
        this.config.timeoutMs,
      );
      const options: RequestOptions = {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(this.config.allowPrivate),
        agent: false,
      };
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      req = send(target, options, (res: IncomingMessage) => {
        const statusCode = res.statusCode ?? null;
        finish({ statusCode, error: null, refused: false });
        res.resume(); // the answer's body does not matter; drain it, and drop the connection if it drags on
        setTimeout(() => req?.destroy(), 1000).unref();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const refused = err instanceof RefusedDestinationError;
        const message = refused || !err.code ? err.message : `${err.code}: ${err.message}`;
        finish({ statusCode: null, error: message.slice(0, 500), refused });
      });
      req.end(body);
    });
  }
}
