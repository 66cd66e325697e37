import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { UserCredentials } from '../../org/domain/user';
import { AuthService } from '../auth.service';

/** Email + password, the only way to log in. Registered with passport under `name` (see StrategyNames). */
export function createLocalStrategy(name: string, auth: AuthService): object {
  class LocalStrategy extends PassportStrategy(Strategy, name) {
    constructor() {
      super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
    }

    validate(request: FastifyRequest, email: string, password: string): Promise<UserCredentials> {
      return auth.verifyCredentials(email, password, request.ip);
    }
  }
  return new LocalStrategy();
}
