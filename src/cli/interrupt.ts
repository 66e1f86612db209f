/** What a command prints when Ctrl-C stopped it early. */
export const INTERRUPTED_MESSAGE = 'interrupted, resume with --resume';

/** How long work may run between two turns of the event loop, so a Ctrl-C is seen promptly. */
const BREATHE_EVERY_MS = 20;

export interface Interrupt {
  /** True once Ctrl-C was pressed: start nothing new. */
  readonly requested: () => boolean;
  /**
   * Lets the event loop turn (and a pending SIGINT be handled) when work has run for a while
   * without doing so: scripted policies play episodes in microtasks only and would never see it.
   */
  readonly breathe: () => Promise<void> | void;
  /** Removes the handler: Ctrl-C does what it did before. */
  readonly dispose: () => void;
}

/**
 * Watches Ctrl-C for a long command: the first one asks it to stop starting work (what is in
 * flight finishes and is written) and says so on stderr; a second one exits at once with 130.
 */
export function watchInterrupt(stderr: { write(text: string): unknown }, exitNow: (code: number) => void = (code) => process.exit(code)): Interrupt {
  let presses = 0;
  let lastTurn = performance.now();
  const onSignal = (): void => {
    presses++;
    if (presses === 1) stderr.write('\nstopping: finishing the episodes in flight (Ctrl-C again to quit now)\n');
    else {
      stderr.write(`${INTERRUPTED_MESSAGE}\n`);
      exitNow(130);
    }
  };
  process.on('SIGINT', onSignal);
  return {
    requested: () => presses > 0,
    breathe: () => {
      if (performance.now() - lastTurn < BREATHE_EVERY_MS) return;
      return new Promise<void>((done) =>
        setImmediate(() => {
          lastTurn = performance.now();
          done();
        }),
      );
    },
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
    },
  };
}
