/** The four classes of a failed action, in the order the handler checks them. */
export const ERROR_CLASSES = ['structure', 'toolname', 'arguments', 'execution'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export type ErrorTally = Record<ErrorClass, number>;

export function emptyErrorTally(): ErrorTally {
  return { structure: 0, toolname: 0, arguments: 0, execution: 0 };
}

const MAX_NAME_IN_MESSAGE = 80;

/** A name as it may appear in a feedback message: quoted, escaped, and cut when huge. */
export function quoteName(name: string): string {
  const quoted = JSON.stringify(name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}...` : name);
  return quoted;
}

export function unknownToolMessage(name: string, offered: readonly string[]): string {
  return `No such function name: ${quoteName(name)}. Available functions: ${offered.join(', ')}`;
}

export function notOfferedMessage(name: string, offered: readonly string[]): string {
  return `Function ${quoteName(name)} is not available in this task. Available functions: ${offered.join(', ')}`;
}
