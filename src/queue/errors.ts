/** A problem with the queue the user can act on (a bad URL, Redis unreachable, an unknown run): one line. */
export class QueueError extends Error {
  override name = 'QueueError';
}
