import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { Role } from '../domain/role';
import { NewUser, normaliseEmail, User, UserCredentials } from '../domain/user';
import { UserRepository } from '../user.repository';
import { UserEntity } from './user.entity';
import { toUser, toUserCredentials } from './user.mapper';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

@MeasuredRepository()
@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private get repo() {
    return this.uow.manager().getRepository(UserEntity);
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = await this.repo
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email: normaliseEmail(email) })
      .getOne();
    return row ? toUserCredentials(row) : null;
  }

  async hasActiveAdmin(): Promise<boolean> {
    return this.repo.existsBy({ role: Role.ADMIN, isActive: true });
  }

  async insertIfEmailFree(user: NewUser): Promise<User | null> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ ...user, email: normaliseEmail(user.email) })
      .orIgnore()
      .returning('*')
      .execute();
    const raw = (result.raw as Array<Record<string, unknown>>)[0];
    if (!raw) return null;
    const row = await this.repo.findOneByOrFail({ id: raw.id as string });
    return toUser(row);
  }
}
