/**
 * A gate that concurrent episodes pass together, so that the same kind of work runs back to back.
 *
 * A collector playing a model over HTTP runs each episode's work as its reply arrives: parse the
 * reply, step the env, write the record, build and send the next request, then the next episode's
 * reply. Every env step then starts on caches the HTTP client and the other episodes have just
 * filled with their own code and data, and costs 2-4x what the same step costs in a loop. Waiting
 * at a gate before stepping and before sending groups the work instead: the episodes whose replies
 * came in one turn of the event loop step one after another, then build and send their requests
 * one after another. Nothing an episode computes depends on when it passes, so its record is the
 * same; its next request leaves at most one turn of the event loop later.
 */
export class PhaseGate {
  #open: Promise<void> | null = null;

  /** Resolves in the event loop's next check phase, together with every other wait started before it. */
  pass(): Promise<void> {
    return (this.#open ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        this.#open = null;
        resolve();
      });
    }));
  }
}
