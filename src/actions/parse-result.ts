/** One tool call read from an action, before any check of its name or arguments. */
export interface ParsedCall {
  /** The call id the agent gave (OpenAI format) or one made up for text formats. */
  readonly id: string;
  readonly name: string;
  /** Parsed arguments, any JSON value: the arguments check decides whether they fit. */
  readonly args: unknown;
}

export type ParseResult =
  | {
      readonly ok: true;
      readonly format: string;
      readonly calls: readonly ParsedCall[];
      readonly thought: string | null;
      /**
       * For text formats, the part of the text that was read: the first action block, without
       * anything the model wrote after it (a made-up `Observation:`, more actions). The transcript
       * keeps only this, so it shows exactly what was executed.
       */
      readonly text?: string;
    }
  | {
      readonly ok: false;
      readonly format: string;
      readonly message: string;
      /** Ids of calls that must still get a reply (OpenAI protocol), even though the action failed. */
      readonly callIds: readonly { id: string; name: string }[];
    };

/**
 * Reads one action format. `detect` lets an env accept several formats and pick by the look of
 * the text; `hint` is shown to the agent when its reply cannot be read.
 */
export interface ActionParser {
  readonly format: string;
  readonly hint: string;
  /** Whether this parser reads raw actions that are not plain text (OpenAI message objects). */
  readonly readsMessages?: boolean;
  detect(text: string): boolean;
  parse(action: unknown, step: number): ParseResult;
  /** Writes calls in this format (for scripted policies); absent when the format cannot express them. */
  encode?(calls: readonly EncodedCall[], step: number, thought?: string): unknown;
}

/** A call to be written in some action format. */
export interface EncodedCall {
  readonly name: string;
  readonly arguments: unknown;
}

export function structureFailure(format: string, message: string, callIds: { id: string; name: string }[] = []): ParseResult {
  return { ok: false, format, message, callIds };
}

/** The text of an action that is a string or an assistant message with string content. */
export function actionText(action: unknown): string | null {
  if (typeof action === 'string') return action;
  if (typeof action === 'object' && action !== null && !Array.isArray(action)) {
    const content = (action as Record<string, unknown>)['content'];
    if (typeof content === 'string') return content;
  }
  return null;
}

export function textCallId(step: number, index: number): string {
  return `call_${step}_${index}`;
}
