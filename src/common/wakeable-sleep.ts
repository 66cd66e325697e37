/** Ends a wakeable sleep early. */
export type Wake = () => void;

/**
 * Waits `ms`, or less when woken: `hold` is handed the sleep's `wake` when it starts and `null` when it ends, so the
 * owner keeps at most one live `wake` (an event such as new mail or a stop calls it).
 */
export function wakeableSleep(ms: number, hold: (wake: Wake | null) => void): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const wake = () => {
      clearTimeout(timer);
      hold(null);
      resolve();
    };
    timer = setTimeout(wake, ms);
    hold(wake);
  });
}
