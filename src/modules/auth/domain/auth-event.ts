import { EnumValue, lowerCaseEnum } from '../../../common/named-enum';

/** Every auth event is logged and counted (auth_events_total{event}). */
export const AuthEvent = lowerCaseEnum(
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGIN_RATE_LIMITED',
  /** an ADMIN's correct password from an address they logged in from before, while the account is locked out */
  'LOGIN_LOCKOUT_BYPASSED',
  'REGISTERED',
  'REFRESHED',
  'REFRESH_FAILED',
  'REFRESH_REUSE_DETECTED',
  'LOGGED_OUT',
  'PASSWORD_RESET_REQUESTED',
  'PASSWORD_RESET_COMPLETED',
  'PASSWORD_RESET_FAILED',
  'PASSWORD_CHANGED',
);
export type AuthEvent = EnumValue<typeof AuthEvent>;
