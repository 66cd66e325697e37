import { Injectable, Logger } from '@nestjs/common';
import { ChangeListeners } from '../../common/change-listeners';

/**
 * Told the id of a user whose session state (role, department, team, activity, token generation) just changed:
 * whoever keeps session state elsewhere (the auth module's cache) subscribes. Called once the change is written
 * (after the commit where there is a transaction around it).
 */
@Injectable()
export class UserSessionChanges extends ChangeListeners {
  constructor() {
    super(
      new Logger(UserSessionChanges.name),
      'userId',
      'A listener failed to take in a session state change',
    );
  }
}
