/** Every auth event is logged and counted (auth_events_total{event}). */
export enum AuthEvent {
  LOGIN_SUCCEEDED = 'login_succeeded',
  LOGIN_FAILED = 'login_failed',
  LOGIN_RATE_LIMITED = 'login_rate_limited',
  /** an ADMIN's correct password from an address they logged in from before, while the account is locked out */
  LOGIN_LOCKOUT_BYPASSED = 'login_lockout_bypassed',
  REGISTERED = 'registered',
  REFRESHED = 'refreshed',
  REFRESH_FAILED = 'refresh_failed',
  REFRESH_REUSE_DETECTED = 'refresh_reuse_detected',
  LOGGED_OUT = 'logged_out',
  PASSWORD_RESET_REQUESTED = 'password_reset_requested',
  PASSWORD_RESET_COMPLETED = 'password_reset_completed',
  PASSWORD_RESET_FAILED = 'password_reset_failed',
  PASSWORD_CHANGED = 'password_changed',
}
