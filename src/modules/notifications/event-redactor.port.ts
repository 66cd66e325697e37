/** Removes secrets from a stored outbox event once they have served their purpose (the reset token, once mailed). */
export abstract class EventRedactor {
  abstract redact(eventId: string, dataKeys: readonly string[]): Promise<void>;
}
