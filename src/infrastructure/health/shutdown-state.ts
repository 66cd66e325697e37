import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Set when the process received SIGTERM: readiness then answers 503 while requests are still served, so load
 * balancers and Kubernetes endpoints stop routing here before the server stops accepting connections.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private drainingSince: number | null = null;
  private closed = false;

  /** app.close() has begun (after the drain): new requests are refused, in-flight ones finish */
  onModuleDestroy(): void {
    this.closed = true;
    this.startDraining();
  }

  get closing(): boolean {
    return this.closed;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }
}
