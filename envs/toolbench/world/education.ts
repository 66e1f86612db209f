import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { FIRST_NAMES, LAST_NAMES, scaled, uniqueIds, uniqueStrings } from './names.js';
import { PLACES } from './places.js';

export interface University {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly country_code: string;
  readonly founded: number;
  readonly world_rank: number;
  readonly students: number;
  readonly domain: string;
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly subject: string;
  readonly level: 'Beginner' | 'Intermediate' | 'Advanced';
  readonly university_id: string;
  readonly instructor: string;
  readonly weeks: number;
  readonly price: number;
  readonly rating: number;
  readonly enrolled: number;
  readonly capacity: number;
  readonly start_date: string;
}

export interface EducationWorld {
  readonly universities: readonly University[];
  readonly courses: readonly Course[];
  readonly subjects: readonly string[];
  readonly universityById: ReadonlyMap<string, University>;
  readonly courseById: ReadonlyMap<string, Course>;
}

const SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  'Computer Science': ['Algorithms', 'Machine Learning', 'Web Development', 'Databases', 'Cloud Computing'],
  'Data Science': ['Statistics', 'Data Visualization', 'Deep Learning', 'SQL for Analysts'],
  Business: ['Accounting', 'Marketing Strategy', 'Negotiation', 'Project Management'],
  Languages: ['Spanish', 'Japanese', 'French', 'German'],
  'Health Sciences': ['Nutrition', 'Epidemiology', 'Anatomy'],
  'Arts & Humanities': ['Creative Writing', 'Art History', 'Philosophy', 'Music Theory'],
};
const LEVELS = ['Beginner', 'Intermediate', 'Advanced'] as const;
const UNI_PATTERNS = [(c: string) => `University of ${c}`, (c: string) => `${c} Institute of Technology`, (c: string) => `${c} State University`, (c: string) => `${c} College`];

export function buildEducation(ctx: DomainContext): EducationWorld {
  const { rng, today } = ctx;
  const uniCount = scaled(36, ctx.scale, 12, 80);
  const uniNames = uniqueStrings(uniCount, () => `${rng.int(0, UNI_PATTERNS.length - 1)}|${rng.pick(PLACES).city}`);
  const ranks = rng.shuffle(Array.from({ length: uniCount }, (_, i) => i + 1 + rng.int(0, 3) * uniCount));
  const uniIds = uniqueIds(rng, uniCount, 'U', 5);
  const universities: University[] = uniNames.map((raw, i) => {
    const [pattern, city] = raw.split('|') as [string, string];
    const place = PLACES.find((p) => p.city === city)!;
    const name = UNI_PATTERNS[Number(pattern)]!(city);
    return {
      id: uniIds[i]!,
      name,
      city,
      country: place.country,
      country_code: place.countryCode,
      founded: rng.int(1250, 1995),
      world_rank: ranks[i]!,
      students: rng.int(20, 600) * 100,
      domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example.edu`,
    };
  });
  const subjects = Object.keys(SUBJECTS);
  const count = scaled(140, ctx.scale, 40, 260);
  const titles = uniqueStrings(count, () => {
    const subject = rng.pick(subjects);
    return `${rng.pick(LEVELS)}|${subject}|${rng.pick(SUBJECTS[subject]!)}|${rng.pick(['', '', ' Essentials', ' in Practice', ' Fundamentals', ': A Hands-On Course'])}`;
  });
  const ids = uniqueIds(rng, count, 'C', 6);
  const courses: Course[] = titles.map((raw, i) => {
    const [level, subject, topic, suffix] = raw.split('|') as [Course['level'], string, string, string];
    const capacity = rng.int(2, 40) * 25;
    return {
      id: ids[i]!,
      title: `${level === 'Beginner' ? 'Introduction to ' : level === 'Advanced' ? 'Advanced ' : ''}${topic}${suffix}`,
      subject,
      level,
      university_id: rng.pick(universities).id,
      instructor: `${rng.pick(['Dr.', 'Prof.', ''])} ${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`.trim(),
      weeks: rng.int(3, 16),
      price: rng.chance(0.2) ? 0 : rng.int(19, 399) + 0.99,
      rating: Math.round((3.4 + rng.next() * 1.6) * 10) / 10,
      enrolled: rng.chance(0.15) ? capacity : rng.int(0, capacity - 1),
      capacity,
      start_date: addDays(today, rng.int(3, 90)),
    };
  });
  // Different suffixes can collapse to the same display title; keep the first of each.
  const seen = new Set<string>();
  const distinct = courses.filter((c) => (seen.has(c.title) ? false : (seen.add(c.title), true)));
  return { universities, courses: distinct, subjects, universityById: indexBy(universities, 'id'), courseById: indexBy(distinct, 'id') };
}
