import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from '../../common/security/password-hasher';
import { SecretCipher } from '../../common/security/secret-cipher';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';
import { adapters } from '../../common/di/implements';

@Global()
@Module({
  providers: [...adapters(BcryptPasswordHasher, AesGcmSecretCipher)],
  exports: [PasswordHasher, SecretCipher],
})
export class SecurityModule {}
