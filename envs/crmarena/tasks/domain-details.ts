/** The "domain details" every CRMArena task prompt carries: how periods, windows and trends are read. */
export const DOMAIN_DETAILS = [
  '# Domain details',
  '## Quarters',
  '- Q1: January 1 to March 31. Q2: April 1 to June 30. Q3: July 1 to September 30. Q4: October 1 to December 31.',
  '## Seasons',
  '- Spring: March 1 to May 31. Summer: June 1 to August 31. Fall: September 1 to November 30.',
  '- Winter: December 1 to the end of February. "Winter 2023" starts on December 1, 2023 and runs to the end of February 2024.',
  '## Time windows',
  '- All dates and times are UTC. A period includes its start and excludes its end: a named month, quarter or season ends at the first instant of the next one.',
  '- "The past N days / weeks / months / quarters" ends at today\'s date, 00:00:00 (excluded), and starts the same number of days, weeks, months or quarters (3 months each) earlier, at 00:00:00. If that day does not exist in the starting month, the last day of that month is used.',
  '- "Significantly more cases in a month": among the calendar months that had cases in the window (the same month name in different years counts as one month), the month with the most cases has at least 1.3 times the average of the other months. If two months tie for the most, or the top month does not reach 1.3 times, no month qualifies.',
].join('\n');

/** How many times the top month must exceed the average of the others. */
export const SIGNIFICANCE_FACTOR = 1.3;

/** Token F1 a KQA answer needs against the reference answer. */
export const KQA_F1_THRESHOLD = 0.5;
