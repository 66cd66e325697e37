/** Removes secrets from a stored outbox event once they have served their purpose (the reset token, once mailed). */
export abstract class EventRedactor {
  abstract redact(eventId: string, dataKeys: readonly string[]): Promise<void>;
}

/** Marks outbox events whose fan-out finished, so the re-drive of lost jobs leaves them alone. */
export abstract class HandledEvents {
  abstract markHandled(eventId: string): Promise<void>;
}
