import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from '../../common/security/password-hasher';
import { SecretCipher } from '../../common/security/secret-cipher';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';

@Global()
@Module({
  providers: [
    { provide: PasswordHasher, useClass: BcryptPasswordHasher },
    { provide: SecretCipher, useClass: AesGcmSecretCipher },
  ],
  exports: [PasswordHasher, SecretCipher],
})
export class SecurityModule {}
