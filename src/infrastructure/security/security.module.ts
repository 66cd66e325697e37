import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from '../../common/security/password-hasher';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';

@Global()
@Module({
  providers: [{ provide: PasswordHasher, useClass: BcryptPasswordHasher }],
  exports: [PasswordHasher],
})
export class SecurityModule {}
