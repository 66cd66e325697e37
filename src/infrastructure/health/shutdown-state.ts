import { Injectable } from '@nestjs/common';

/**
 * Set when the process received SIGTERM: readiness then answers 503 while requests are still served, so load
 * balancers and Kubernetes endpoints stop routing here before the server stops accepting connections.
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | null = null;

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }
}
