import { civilFromDays, DAY_MS, daysFromCivil, daysInMonth, isoDayOf } from '../../../src/core/calendar.js';

export { civilFromDays, DAY_MS, daysFromCivil, daysInMonth, isoDayOf, weekdayOfDays, type CivilDate } from '../../../src/core/calendar.js';
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * Milliseconds since the epoch of an ISO 8601 date ('YYYY-MM-DD', read as UTC midnight) or
 * datetime ('YYYY-MM-DDTHH:MM:SS' with optional fraction and 'Z', '+HH:MM' or '+HHMM'; no zone
 * means UTC). Null for anything else, including impossible dates. Allocation-free: it runs per record.
 */
export function parseIsoMs(text: string): number | null {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const dayMs = daysFromCivil(year, month, day) * DAY_MS;
  if (n === 10) return dayMs;
  if (n < 19 || (text.charCodeAt(10) !== 84 && text.charCodeAt(10) !== 116) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let i = 19;
  let millis = 0;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    const fractionStart = i;
    let scale = 100;
    while (i < n) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      millis += c * scale;
      scale /= 10;
      i++;
    }
    if (i === fractionStart) return null;
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  if (i < n) {
    const sign = text.charCodeAt(i);
    if ((sign === 90 || sign === 122) && i + 1 === n) {
      i++;
    } else if (sign === 43 || sign === 45) {
      const rest = n - i - 1;
      let oh: number;
      let om: number;
      if (rest === 5 && text.charCodeAt(i + 3) === 58) {
        oh = digitsAt(text, i + 1, 2);
        om = digitsAt(text, i + 4, 2);
      } else if (rest === 4) {
        oh = digitsAt(text, i + 1, 2);
        om = digitsAt(text, i + 3, 2);
      } else {
        return null;
      }
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
      offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
      i = n;
    } else {
      return null;
    }
  }
  return dayMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}


const FIRST_MS = daysFromCivil(0, 1, 1) * DAY_MS;
const AFTER_LAST_MS = daysFromCivil(10_000, 1, 1) * DAY_MS;

/**
 * The canonical ISO text ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ') of the first whole day or
 * second at or after `ms`, so that for canonical values v: v >= text exactly when v's instant >= ms.
 * Instants outside years 0000-9999 become texts below or above every canonical value.
 */
export function canonicalIsoAtOrAfter(ms: number, form: 'day' | 'second'): string {
  if (ms <= FIRST_MS) return '';
  if (ms > AFTER_LAST_MS - (form === 'day' ? DAY_MS : 1000)) return '~';
  if (form === 'day') return isoDayOf(Math.ceil(ms / DAY_MS));
  const seconds = Math.ceil(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest % 3600) / 60);
  return `${isoDayOf(days)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(rest % 60, 2)}Z`;
}
