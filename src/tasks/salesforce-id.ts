/** Salesforce record ids: a 15-character case-sensitive form and an 18-character case-safe form. */

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[0-9A-Za-z]{15}$/;
const ID18 = /^[0-9A-Za-z]{18}$/;

const isUpper = (code: number): boolean => code >= 65 && code <= 90;

/** The three-character case-safety suffix Salesforce appends to a 15-character id. */
export function checksumOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let j = 0; j < 5; j++) if (isUpper(id15.charCodeAt(chunk * 5 + j))) flags |= 1 << j;
    suffix += SUFFIX[flags]!;
  }
  return suffix;
}

/**
 * Whether `answer` names the record `truth` (an 18-character id): the id itself or its exact
 * 15-character form (case matters in both, as in the tools' output).
 */
export function sameRecordId(answer: string, truth: string): boolean {
  if (answer === truth) return true;
  return ID18.test(truth) && ID15.test(answer) && answer === truth.slice(0, 15);
}
