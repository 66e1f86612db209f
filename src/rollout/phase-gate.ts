/**
 * A gate that concurrent episodes pass together, so that the same kind of work runs back to back.
 *
 * A collector playing a model over HTTP runs each episode's work as its reply arrives: parse the
 * reply, step the env, write the record, start the next request, then the next episode's reply.
 * Every env step then starts on caches the HTTP client and the other episodes have just filled with
 * their own code and data, and costs 2-4x what the same step costs in a loop. An episode that waits
 * at a gate before taking its reply's action back groups the work instead: the episodes whose
 * replies came in one turn of the event loop pass together in the next check phase and step one
 * after another (each runs on until its next request's first await). Nothing an episode computes
 * depends on when it passes, so its record is the same; its step runs at most one turn later.
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
