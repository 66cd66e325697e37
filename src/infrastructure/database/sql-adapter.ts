import { Abstract, Type } from '@nestjs/common';
import { Implements } from '../../common/di/implements';
import { MeasuredRepository } from './measured-repository';

/**
 * Declares a PostgreSQL adapter of `port`: bound to the port and injectable (see `Implements`, listed with `adapters`)
 * and measured, each of its methods a repository operation (see `MeasuredRepository`).
 */
export function SqlAdapter<P>(port: Abstract<P>): (adapter: Type<P>) => void {
  return (adapter) => {
    MeasuredRepository()(adapter);
    Implements(port)(adapter);
  };
}
