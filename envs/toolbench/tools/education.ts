import { z } from 'zod';
import { defineApi, conflict, notFound, type ToolBenchContext } from '../api.js';
import { nextId, type ToolBenchState } from '../state.js';
import type { Course, EducationWorld, University } from '../world/education.js';
import { rankedSearch } from './text-match.js';

const HIPOLABS = 'Hipolabs Universities';
const RANKINGS = 'World University Rankings';
const COURSERA = 'Coursera';
const UDEMY = 'Udemy';
const domain = 'Education' as const;

const edu = (ctx: ToolBenchContext): EducationWorld => ctx.world.education;
const universityName = (u: University): string => u.name;
const courseText = (c: Course): string => `${c.title} ${c.subject}`;

/** Seats left in a course after this episode's enrollments. */
export function seatsLeft(state: ToolBenchState, course: Course): number {
  let taken = course.enrolled;
  for (const e of state.enrollments) if (e.course_id === course.id) taken++;
  return course.capacity - taken;
}

export const UniversitySearchOutput = z.array(z.object({ name: z.string(), country: z.string(), alpha_two_code: z.string(), 'state-province': z.null(), domains: z.array(z.string()), web_pages: z.array(z.string()) }));

export const searchUniversities = defineApi({
  api: 'Search',
  tool: HIPOLABS,
  domain,
  description: 'Universities whose name contains the text, optionally in a country (full English name), with their web domains.',
  input: z.object({ name: z.string().optional(), country: z.string().optional() }),
  output: UniversitySearchOutput,
  handler: ({ name, country }, ctx) => {
    const q = name?.trim().toLowerCase() ?? '';
    return edu(ctx)
      .universities.filter((u) => (q === '' || u.name.toLowerCase().includes(q)) && (country === undefined || u.country.toLowerCase() === country.trim().toLowerCase()))
      .slice(0, 30)
      .map((u) => ({ name: u.name, country: u.country, alpha_two_code: u.country_code, 'state-province': null, domains: [u.domain], web_pages: [`https://www.${u.domain}/`] }));
  },
});

export const RankingOutput = z.object({ results: z.array(z.object({ rank: z.number().int(), name: z.string(), country: z.string(), founded: z.number().int(), students: z.number().int() })) });

export const universityRankings = defineApi({
  api: 'Rankings',
  tool: RANKINGS,
  domain,
  description: 'World ranking, founding year and student numbers of universities matching a name.',
  input: z.object({ name: z.string() }),
  output: RankingOutput,
  handler: ({ name }, ctx) => {
    const { hits } = rankedSearch(edu(ctx).universities, universityName, name, 10);
    return { results: hits.map((u) => ({ rank: u.world_rank, name: u.name, country: u.country, founded: u.founded, students: u.students })) };
  },
});

function findCourses(w: EducationWorld, query: string, subject: string | undefined, byRating: boolean): Course[] {
  const wanted = subject?.trim().toLowerCase();
  const hits = rankedSearch(w.courses, courseText, query, w.courses.length, wanted === undefined ? undefined : (c) => c.subject.toLowerCase() === wanted).hits;
  return byRating ? hits.sort((a, b) => b.rating - a.rating) : hits;
}

export const CourseSearchOutput = z.object({
  elements: z.array(z.object({ id: z.string(), name: z.string(), partner: z.string(), level: z.string(), workload_weeks: z.number().int(), avg_rating: z.number(), price_usd: z.number(), seats_left: z.number().int() })),
  paging: z.object({ total: z.number().int(), start: z.number().int() }),
});

export const searchCourses = defineApi({
  api: 'Search Courses',
  tool: COURSERA,
  domain,
  capability: 'education.course_search',
  description: 'Courses matching a query (title or subject words), optionally within a subject, by relevance or best rating first; 20 per page with partner university, level, length, rating, price and seats left.',
  input: z.object({ query: z.string(), subject: z.string().optional(), sort: z.enum(['relevance', 'rating']).default('relevance'), start: z.number().int().min(0).max(500).default(0) }),
  output: CourseSearchOutput,
  handler: ({ query, subject, sort, start }, ctx) => {
    const w = edu(ctx);
    const hits = findCourses(w, query, subject, sort === 'rating');
    return {
      elements: hits.slice(start, start + 20).map((c) => ({ id: c.id, name: c.title, partner: w.universityById.get(c.university_id)!.name, level: c.level, workload_weeks: c.weeks, avg_rating: c.rating, price_usd: c.price, seats_left: seatsLeft(ctx.state, c) })),
      paging: { total: hits.length, start },
    };
  },
});

export const coursesUdemy = defineApi({
  api: 'Courses List',
  tool: UDEMY,
  domain,
  capability: 'education.course_search',
  adapt: (a) => {
    const out: Record<string, string | number> = { search: a['query'] as string };
    if (a['subject'] !== undefined) out['category'] = a['subject'] as string;
    if (a['start'] !== undefined) out['page'] = Math.floor((a['start'] as number) / 20) + 1;
    if (a['sort'] === 'rating') out['ordering'] = 'highest-rated';
    return out;
  },
  description: 'Udemy course list for a search text; prices as text, rating out of 5, 20 per page; ordering highest-rated puts the best first.',
  input: z.object({ search: z.string(), category: z.string().optional(), ordering: z.enum(['relevance', 'highest-rated']).default('relevance'), page: z.number().int().min(1).max(25).default(1) }),
  output: z.object({ count: z.number().int(), results: z.array(z.object({ id: z.string(), title: z.string(), visible_instructors: z.array(z.object({ display_name: z.string() })), price: z.string(), rating: z.number(), instructional_level: z.string(), seats_available: z.number().int() })) }),
  handler: ({ search, category, ordering, page }, ctx) => {
    const hits = findCourses(edu(ctx), search, category, ordering === 'highest-rated');
    return {
      count: hits.length,
      results: hits.slice((page - 1) * 20, page * 20).map((c) => ({ id: c.id, title: c.title, visible_instructors: [{ display_name: c.instructor }], price: c.price === 0 ? 'Free' : `$${c.price.toFixed(2)}`, rating: c.rating, instructional_level: `${c.level} Level`, seats_available: seatsLeft(ctx.state, c) })),
    };
  },
});

export const CourseDetailsOutput = z.object({ id: z.string(), name: z.string(), description: z.string(), partner: z.object({ id: z.string(), name: z.string() }), instructor: z.string(), start_date: z.string(), workload_weeks: z.number().int(), price_usd: z.number(), avg_rating: z.number(), enrolled: z.number().int(), capacity: z.number().int() });

export const courseDetails = defineApi({
  api: 'Course Details',
  tool: COURSERA,
  domain,
  capability: 'education.course_details',
  description: 'One course by id: partner, instructor, start date, length, price, rating, enrolment and capacity.',
  input: z.object({ course_id: z.string() }),
  output: CourseDetailsOutput,
  handler: ({ course_id }, ctx) => {
    const w = edu(ctx);
    const c = w.courseById.get(course_id.trim());
    if (!c) return notFound('course', course_id);
    const u = w.universityById.get(c.university_id)!;
    return {
      id: c.id, name: c.title, description: `A ${c.level.toLowerCase()} ${c.subject} course taught over ${c.weeks} weeks.`, partner: { id: u.id, name: u.name }, instructor: c.instructor,
      start_date: c.start_date, workload_weeks: c.weeks, price_usd: c.price, avg_rating: c.rating, enrolled: c.capacity - seatsLeft(ctx.state, c), capacity: c.capacity,
    };
  },
});

export const courseUdemy = defineApi({
  api: 'Course Detail',
  tool: UDEMY,
  domain,
  capability: 'education.course_details',
  adapt: (a) => ({ id: a['course_id']! }),
  description: 'Udemy course page by id (price as text).',
  input: z.object({ id: z.string() }),
  output: z.object({ id: z.string(), title: z.string(), headline: z.string(), price: z.string(), rating: z.number(), num_subscribers: z.number().int(), seats_available: z.number().int(), content_length_weeks: z.number().int(), created_by: z.string() }),
  handler: ({ id }, ctx) => {
    const c = edu(ctx).courseById.get(id.trim());
    if (!c) return notFound('course', id);
    return { id: c.id, title: c.title, headline: `${c.level} ${c.subject}`, price: c.price === 0 ? 'Free' : `$${c.price.toFixed(2)}`, rating: c.rating, num_subscribers: c.capacity - seatsLeft(ctx.state, c), seats_available: seatsLeft(ctx.state, c), content_length_weeks: c.weeks, created_by: c.instructor };
  },
});

export const EnrollOutput = z.object({ enrollment_id: z.string(), course_id: z.string(), course_name: z.string(), learner: z.string(), seats_left: z.number().int(), status: z.literal('enrolled') });

export const enroll = defineApi({
  api: 'Enroll',
  tool: COURSERA,
  domain,
  writes: true,
  description: 'Enrolls a learner in a course that has a free seat; a learner can enroll in a course once.',
  input: z.object({ course_id: z.string(), learner_name: z.string().min(1).max(80) }),
  output: EnrollOutput,
  handler: ({ course_id, learner_name }, ctx) => {
    const c = edu(ctx).courseById.get(course_id.trim());
    if (!c) return notFound('course', course_id);
    if (seatsLeft(ctx.state, c) <= 0) return conflict(`${c.title} is full`);
    if (ctx.state.enrollments.some((e) => e.course_id === c.id && e.student === learner_name)) return conflict(`${learner_name} is already enrolled in ${c.title}`);
    const enrollment = { id: nextId(ctx.state, 'ENR'), course_id: c.id, student: learner_name };
    ctx.state.enrollments.push(enrollment);
    return { enrollment_id: enrollment.id, course_id: c.id, course_name: c.title, learner: learner_name, seats_left: seatsLeft(ctx.state, c), status: 'enrolled' as const };
  },
});

export const myEnrollments = defineApi({
  api: 'My Enrollments',
  tool: COURSERA,
  domain,
  description: 'Enrollments made so far.',
  input: z.object({}),
  output: z.object({ enrollments: z.array(z.object({ enrollment_id: z.string(), course_id: z.string(), course_name: z.string(), learner: z.string() })) }),
  handler: (_args, ctx) => ({
    enrollments: ctx.state.enrollments.map((e) => ({ enrollment_id: e.id, course_id: e.course_id, course_name: edu(ctx).courseById.get(e.course_id)!.title, learner: e.student })),
  }),
});

export const educationTools = [searchUniversities, universityRankings, searchCourses, coursesUdemy, courseDetails, courseUdemy, enroll, myEnrollments];
