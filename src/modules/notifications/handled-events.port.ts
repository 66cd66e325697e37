/** Marks outbox events whose fan-out finished, so the re-drive of lost jobs leaves them alone. */
export abstract class HandledEvents {
  abstract markHandled(eventId: string): Promise<void>;
}
