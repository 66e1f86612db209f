import { z } from 'zod';
import { ref } from '../../../src/index.js';
import {
  courseDetails, enroll, myEnrollments, searchCourses, searchUniversities, universityRankings,
  type CourseDetailsOutput, type CourseSearchOutput, type RankingOutput, type UniversitySearchOutput,
} from '../tools/education.js';
import { FIRST_NAMES, LAST_NAMES } from '../world/names.js';
import { output, toolbenchTemplate, type Outputs, type SampleScope } from './define.js';

type Courses = z.infer<typeof CourseSearchOutput>;

const domain = 'Education' as const;

export const educationCoursePrice = toolbenchTemplate({
  id: 'education.course_price',
  domain,
  split: 'train',
  text: 'How much does the online course "{course}" cost, in US dollars?',
  paraphrases: ['What is the price of the course {course}?'],
  placeholders: { course: { schema: z.string().min(1), description: 'a course title', sample: ({ world, rng }: SampleScope) => rng.pick(world.education.courses).title } },
  path: [
    { name: 'search', tool: searchCourses.name, args: { query: ref.placeholder('course') } },
    { name: 'details', tool: courseDetails.name, args: { course_id: ref.output('search', 'elements.0.id') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof CourseDetailsOutput>>(outputs, 'details').price_usd,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs, values }) => {
    if (output<Courses>(outputs, 'search').elements[0]?.name !== values['course']) return 'the course is not the first hit';
    return output<z.infer<typeof CourseDetailsOutput>>(outputs, 'details').price_usd > 0 || 'a free course has no price to state';
  },
});

export const educationUniversityFacts = toolbenchTemplate({
  id: 'education.university_facts',
  domain,
  split: 'train',
  text: 'What is the web domain of {university}, and in which year was it founded?',
  paraphrases: ["Give me {university}'s website domain and its founding year."],
  placeholders: { university: { schema: z.string().min(1), description: 'a university', sample: ({ world, rng }: SampleScope) => rng.pick(world.education.universities).name } },
  path: [
    { name: 'search', tool: searchUniversities.name, args: { name: ref.placeholder('university') } },
    { name: 'ranking', tool: universityRankings.name, args: { name: ref.placeholder('university') } },
  ],
  answer: ({ outputs, values }) => {
    const site = output<z.infer<typeof UniversitySearchOutput>>(outputs, 'search').find((u) => u.name === values['university']);
    const rank = output<z.infer<typeof RankingOutput>>(outputs, 'ranking').results.find((u) => u.name === values['university']);
    return site && rank ? [site.domains[0]!, String(rank.founded)] : null;
  },
  compare: { kind: 'contains-all' },
  rivals: ({ world }) => world.education.universities.flatMap((u) => [u.domain, String(u.founded)]),
  accept: ({ outputs, values }) => output<z.infer<typeof RankingOutput>>(outputs, 'ranking').results.some((u) => u.name === values['university']) || 'the university is not found',
});

const open = (outputs: Outputs) => output<Courses>(outputs, 'search').elements.filter((c) => c.seats_left > 0);
const bestOpen = (outputs: Outputs) => {
  const list = open(outputs);
  return list.length > 0 && (list.length === 1 || list[0]!.avg_rating > list[1]!.avg_rating) ? list[0]! : null;
};

export const educationEnrollBestRated = toolbenchTemplate({
  id: 'education.enroll_best_rated',
  writes: ['enrollments'],
  domain,
  split: 'train',
  text: 'Enroll {learner} in the best-rated {subject} course that still has free seats. Which course did you pick?',
  paraphrases: ['Sign {learner} up for the top-rated {subject} course with seats available, and tell me its title.'],
  placeholders: {
    subject: { schema: z.string().min(1), description: 'a subject', sample: ({ world, rng }: SampleScope) => rng.pick(world.education.subjects) },
    learner: { schema: z.string().min(1), description: 'the learner', sample: ({ rng }: SampleScope) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` },
  },
  path: [
    { name: 'search', tool: searchCourses.name, args: { query: ref.placeholder('subject'), subject: ref.placeholder('subject'), sort: ref.literal('rating') } },
    { name: 'enroll', tool: enroll.name, args: { course_id: ref.compute(({ outputs }) => bestOpen(outputs)?.id ?? '', ['search']), learner_name: ref.placeholder('learner') } },
  ],
  answer: ({ outputs }) => bestOpen(outputs)?.name ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => bestOpen(outputs) !== null || 'no single best course with seats',
  checkState: ({ state, world, values }) => {
    const best = world.education.courses.filter((c) => c.subject === values['subject'] && c.enrolled < c.capacity).sort((a, b) => b.rating - a.rating)[0];
    const ok = state.enrollments.length === 1 && state.enrollments[0]!.course_id === best?.id && state.enrollments[0]!.student === values['learner'];
    return ok ? null : `expected ${String(values['learner'])} enrolled in ${best?.title ?? '?'}`;
  },
  offer: { extra: [myEnrollments.name] },
});

export const educationTemplates = [educationCoursePrice, educationUniversityFacts, educationEnrollBestRated];
