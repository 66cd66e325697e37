/** Where a stream's bytes go (an HTTP response), as seen by the hub: bounded, never blocking. */
export interface StreamSink {
  /** Queues a chunk; false when the client is too far behind and was dropped instead. */
  write(chunk: string): boolean;
  /** Resolves once the client has taken in what was queued (or went away). */
  drained(): Promise<void>;
  /** Ends the stream (the client reconnects, elsewhere if this instance is going away). */
  close(): void;
  onClose(listener: () => void): void;
  readonly closed: boolean;
}
