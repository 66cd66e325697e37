import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import bcrypt from 'bcryptjs';
import { PasswordHasher } from '../../common/security/password-hasher';
import { authConfig } from '../../config/configuration';

@Injectable()
export class BcryptPasswordHasher extends PasswordHasher {
  constructor(@Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>) {
    super();
  }

  hash(plain: string): Promise<string> {
    return bcrypt.hash(plain, this.config.bcryptCost);
  }

  verify(plain: string, hash: string): Promise<boolean> {
    return bcrypt.compare(plain, hash);
  }
}
