/** Letters and digits form words; everything else separates them. Non-ASCII characters count as letters. */
export function isSearchWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code >= 128;
}

/**
 * The searchable form of a text: lower-cased words separated by single spaces, with a space at
 * each end, so ' word ' and ' prefix' can be found with indexOf.
 */
export function normalizeSearchText(text: string): string {
  const lower = text.toLowerCase();
  let out = ' ';
  let wordStart = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inWord = i < lower.length && isSearchWordChar(lower.charCodeAt(i));
    if (inWord && wordStart < 0) wordStart = i;
    else if (!inWord && wordStart >= 0) {
      out += lower.slice(wordStart, i) + ' ';
      wordStart = -1;
    }
  }
  return out;
}

/** Phone numbers are also searchable as their bare digits, so 5551234567 finds '(555) 123-4567'. */
export function normalizePhoneText(text: string): string {
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
  }
  const words = normalizeSearchText(text);
  return digits.length > 0 ? `${words}${digits} ` : words;
}
