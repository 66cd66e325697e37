import {
  ConflictError,
  DomainError,
  ForbiddenError,
  invalidField,
  NotFoundError,
} from '../../common/errors/domain-errors';
import { ApprovalRefusal } from './domain/approval-access';

/** A refused approval rule as the error the contract names; `resource` names what a 404 did not find. */
export function refusalError(refusal: ApprovalRefusal, resource: string): DomainError {
  switch (refusal.kind) {
    case 'not-found':
      return new NotFoundError(resource);
    case 'forbidden':
      return new ForbiddenError(refusal.reason);
    case 'conflict':
      return new ConflictError(refusal.reason);
    case 'invalid':
      return invalidField(refusal.field, refusal.reason);
  }
}
