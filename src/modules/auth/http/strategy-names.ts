import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import passport from 'passport';
import { authConfig } from '../../../config/configuration';
import { AuthService } from '../auth.service';
import { createJwtStrategy } from './jwt.strategy';
import { createLocalStrategy } from './local.strategy';

/**
 * Passport keeps strategies in one registry per process. Each application instance registers its own under names
 * of its own, so two instances in one process (tests, embedding) never answer with each other's services.
 */
@Injectable()
export class StrategyNames implements OnApplicationShutdown {
  private readonly id = randomUUID();
  readonly jwt = `jwt:${this.id}`;
  readonly local = `local:${this.id}`;

  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>, auth: AuthService) {
    createJwtStrategy(this.jwt, config, auth);
    createLocalStrategy(this.local, auth);
  }

  /** After the HTTP server closed: requests still in flight during shutdown keep authenticating. */
  onApplicationShutdown(): void {
    passport.unuse(this.jwt);
    passport.unuse(this.local);
  }
}

/** Points a passport AuthGuard at this instance's strategy. */
export function useStrategy(guard: object, name: string): void {
  const g = guard as { options?: Record<string, unknown> };
  g.options = { ...(g.options ?? {}), defaultStrategy: name };
}
