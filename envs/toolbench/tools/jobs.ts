import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, conflict, notFound, type ToolBenchContext } from '../api.js';
import { addDays } from '../dates.js';
import { thousands } from '../money.js';
import { nextId } from '../state.js';
import type { Job, JobsWorld } from '../world/jobs.js';
import { findPlace } from '../world/places.js';
import { lowerNames, positionsContainingEvery, prepareQuery } from './text-match.js';

const jobTitle = (j: Job): string => j.title;

const JSEARCH = 'JSearch';
const LINKEDIN = 'LinkedIn Jobs';
const INDEED = 'Indeed';
const domain = 'Jobs' as const;
const PAGE = 10;

const jobsWorld = (ctx: ToolBenchContext): JobsWorld => ctx.world.jobs;

/** Splits JSearch's free-text query `"<what> in <where>"` into its parts. */
export function splitQuery(query: string): { what: string; where: string | null } {
  const at = query.toLowerCase().lastIndexOf(' in ');
  if (at === -1) return { what: query.trim(), where: null };
  return { what: query.slice(0, at).trim(), where: query.slice(at + 4).trim() };
}

/** A listing as each provider's search shows it (listings and employers do not change). */
const jsearchViews = new SharedViews((j: Job, w: JobsWorld) => ({
  job_id: j.id,
  job_title: j.title,
  employer_name: w.employerById.get(j.employer_id)!.name,
  job_city: j.city,
  job_country: j.country,
  job_is_remote: j.remote,
  job_employment_type: j.employment_type,
  job_posted_at_datetime_utc: j.posted_at,
  job_min_salary: j.salary_min,
  job_max_salary: j.salary_max,
  job_salary_period: 'YEAR' as const,
}));
const linkedinViews = new SharedViews((j: Job, w: JobsWorld) => {
  const e = w.employerById.get(j.employer_id)!;
  return { id: j.id, title: j.title, company: { id: e.id, name: e.name }, location: `${j.city}, ${j.country}`, workplaceType: j.remote ? 'Remote' : 'On-site', listedAt: j.posted_at, salary: `$${thousands(j.salary_min)} - $${thousands(j.salary_max)}/yr` };
});
const indeedViews = new SharedViews((j: Job, w: JobsWorld) => ({ id: j.id, title: j.title, company_name: w.employerById.get(j.employer_id)!.name, location: j.city, remote: j.remote, pub_date: j.posted_at, salary: { min: j.salary_min, max: j.salary_max, type: 'yearly' as const } }));

const DATE_WINDOWS = { all: 365, today: 0, '3days': 2, week: 6, month: 29 } as const;

function findJobs(ctx: ToolBenchContext, what: string, where: string | null, remoteOnly: boolean, window: keyof typeof DATE_WINDOWS): Job[] | null {
  let city: string | null = null;
  if (where !== null && where !== '') {
    const place = findPlace(where);
    if (!place) return null;
    city = place.city;
  }
  const { words } = prepareQuery(what);
  const w = jobsWorld(ctx);
  const titles = lowerNames(w.jobs, jobTitle);
  const oldest = addDays(ctx.world.today, -DATE_WINDOWS[window]);
  const jobs = w.jobs;
  const at = positionsContainingEvery(titles, words, (i) => {
    const j = jobs[i]!;
    return (city === null || j.city === city) && (!remoteOnly || j.remote) && j.posted_at.slice(0, 10) >= oldest;
  });
  const out: Job[] = [];
  for (let i = 0; i < at.length; i++) out.push(jobs[at[i]!]!);
  return out;
}

export const JobSearchOutput = z.object({
  status: z.literal('OK'),
  total: z.number().int(),
  data: z.array(z.object({
    job_id: z.string(),
    job_title: z.string(),
    employer_name: z.string(),
    job_city: z.string(),
    job_country: z.string(),
    job_is_remote: z.boolean(),
    job_employment_type: z.string(),
    job_posted_at_datetime_utc: z.string(),
    job_min_salary: z.number(),
    job_max_salary: z.number(),
    job_salary_period: z.literal('YEAR'),
  })),
});

export const jobSearch = defineApi({
  api: 'Search',
  tool: JSEARCH,
  domain,
  capability: 'jobs.search',
  description: 'Job postings for a free-text query such as "data analyst in Chicago", newest first, 10 per page; remote_jobs_only and date_posted narrow it.',
  input: z.object({
    query: z.string().describe('Job title words, optionally followed by "in <city>"'),
    remote_jobs_only: z.boolean().default(false),
    date_posted: z.enum(['all', 'today', '3days', 'week', 'month']).default('all'),
    page: z.number().int().min(1).max(20).default(1),
  }),
  output: JobSearchOutput,
  handler: ({ query, remote_jobs_only, date_posted, page }, ctx) => {
    const { what, where } = splitQuery(query);
    const hits = findJobs(ctx, what, where, remote_jobs_only, date_posted) ?? [];
    const w = jobsWorld(ctx);
    return holdingViews({ status: 'OK' as const, total: hits.length, data: hits.slice((page - 1) * PAGE, page * PAGE).map((j) => jsearchViews.of(j, w)) });
  },
});

export const searchJobsLinkedin = defineApi({
  api: 'Search Jobs',
  tool: LINKEDIN,
  domain,
  capability: 'jobs.search',
  adapt: (a) => {
    const { what, where } = splitQuery(String(a['query']));
    const out: Record<string, string | boolean | number> = { keywords: what };
    if (where !== null) out['location'] = where;
    if (a['remote_jobs_only'] === true) out['remote'] = true;
    if (a['date_posted'] !== undefined && a['date_posted'] !== 'all') out['datePosted'] = a['date_posted'] === 'today' ? 'past24Hours' : a['date_posted'] === 'month' ? 'pastMonth' : 'pastWeek';
    if (a['page'] !== undefined) out['start'] = ((a['page'] as number) - 1) * PAGE;
    return out;
  },
  description: 'LinkedIn job search by keywords and location, newest first, 10 per page (start is the offset).',
  input: z.object({
    keywords: z.string(),
    location: z.string().optional(),
    remote: z.boolean().default(false),
    datePosted: z.enum(['anyTime', 'pastMonth', 'pastWeek', 'past24Hours']).default('anyTime'),
    start: z.number().int().min(0).max(200).default(0),
  }),
  output: z.object({ total: z.number().int(), jobs: z.array(z.object({ id: z.string(), title: z.string(), company: z.object({ id: z.string(), name: z.string() }), location: z.string(), workplaceType: z.string(), listedAt: z.string(), salary: z.string() })) }),
  handler: ({ keywords, location, remote, datePosted, start }, ctx) => {
    const window = datePosted === 'past24Hours' ? 'today' : datePosted === 'pastWeek' ? 'week' : datePosted === 'pastMonth' ? 'month' : 'all';
    const hits = findJobs(ctx, keywords, location ?? null, remote, window) ?? [];
    const w = jobsWorld(ctx);
    return holdingViews({ total: hits.length, jobs: hits.slice(start, start + PAGE).map((j) => linkedinViews.of(j, w)) });
  },
});

export const jobSearchIndeed = defineApi({
  api: 'Job Search',
  tool: INDEED,
  domain,
  capability: 'jobs.search',
  adapt: (a) => {
    const { what, where } = splitQuery(String(a['query']));
    const out: Record<string, string | boolean | number> = { q: what };
    if (where !== null) out['l'] = where;
    if (a['remote_jobs_only'] === true) out['remotejob'] = true;
    if (a['date_posted'] !== undefined) out['fromage'] = DATE_WINDOWS[a['date_posted'] as keyof typeof DATE_WINDOWS] + 1;
    if (a['page'] !== undefined) out['page'] = a['page'] as number;
    return out;
  },
  description: 'Indeed search: q (what), l (where), fromage (posted within N days), remotejob; 10 per page.',
  input: z.object({ q: z.string(), l: z.string().optional(), remotejob: z.boolean().default(false), fromage: z.number().int().min(1).max(366).default(366), page: z.number().int().min(1).max(20).default(1) }),
  output: z.object({ count: z.number().int(), hits: z.array(z.object({ id: z.string(), title: z.string(), company_name: z.string(), location: z.string(), remote: z.boolean(), pub_date: z.string(), salary: z.object({ min: z.number(), max: z.number(), type: z.literal('yearly') }) })) }),
  handler: ({ q, l, remotejob, fromage, page }, ctx) => {
    const window = fromage <= 1 ? 'today' : fromage <= 3 ? '3days' : fromage <= 7 ? 'week' : fromage <= 30 ? 'month' : 'all';
    const hits = findJobs(ctx, q, l ?? null, remotejob, window) ?? [];
    const w = jobsWorld(ctx);
    return holdingViews({ count: hits.length, hits: hits.slice((page - 1) * PAGE, page * PAGE).map((j) => indeedViews.of(j, w)) });
  },
});

export const JobDetailsOutput = z.object({
  status: z.literal('OK'),
  data: z.array(z.object({
    job_id: z.string(),
    job_title: z.string(),
    employer_id: z.string(),
    employer_name: z.string(),
    employer_website: z.string(),
    job_city: z.string(),
    job_is_remote: z.boolean(),
    job_required_skills: z.array(z.string()),
    job_min_salary: z.number(),
    job_max_salary: z.number(),
    job_posted_at_datetime_utc: z.string(),
  })),
});

export const jobDetails = defineApi({
  api: 'Job Details',
  tool: JSEARCH,
  domain,
  capability: 'jobs.details',
  description: 'Everything about one posting: employer id and website, required skills, salary range.',
  input: z.object({ job_id: z.string() }),
  output: JobDetailsOutput,
  handler: ({ job_id }, ctx) => {
    const w = jobsWorld(ctx);
    const j = w.jobById.get(job_id.trim());
    if (!j) return notFound('job', job_id);
    const e = w.employerById.get(j.employer_id)!;
    return {
      status: 'OK' as const,
      data: [{ job_id: j.id, job_title: j.title, employer_id: e.id, employer_name: e.name, employer_website: e.website, job_city: j.city, job_is_remote: j.remote, job_required_skills: [...j.skills], job_min_salary: j.salary_min, job_max_salary: j.salary_max, job_posted_at_datetime_utc: j.posted_at }],
    };
  },
});

export const getJobDetailsLinkedin = defineApi({
  api: 'Get Job Details',
  tool: LINKEDIN,
  domain,
  capability: 'jobs.details',
  adapt: (a) => ({ id: a['job_id']! }),
  description: 'LinkedIn posting by id: title, company (with its id), location, skills and salary text.',
  input: z.object({ id: z.string() }),
  output: z.object({ id: z.string(), title: z.string(), company: z.object({ id: z.string(), name: z.string(), url: z.string() }), location: z.string(), workplaceType: z.string(), skills: z.array(z.string()), salary: z.string(), listedAt: z.string() }),
  handler: ({ id }, ctx) => {
    const w = jobsWorld(ctx);
    const j = w.jobById.get(id.trim());
    if (!j) return notFound('job', id);
    const e = w.employerById.get(j.employer_id)!;
    return {
      id: j.id, title: j.title, company: { id: e.id, name: e.name, url: e.website }, location: `${j.city}, ${j.country}`, workplaceType: j.remote ? 'Remote' : 'On-site', skills: [...j.skills],
      salary: `$${thousands(j.salary_min)} - $${thousands(j.salary_max)}/yr`, listedAt: j.posted_at,
    };
  },
});

export const EstimatedSalaryOutput = z.object({ status: z.literal('OK'), data: z.array(z.object({ location: z.string(), job_title: z.string(), publisher_name: z.string(), min_salary: z.number(), max_salary: z.number(), median_salary: z.number(), salary_period: z.literal('YEAR'), salary_currency: z.literal('USD'), sample_size: z.number().int() })) });

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const estimatedSalary = defineApi({
  api: 'Estimated Salary',
  tool: JSEARCH,
  domain,
  description: 'Salary estimate for a job title in a city from current postings: lowest minimum, highest maximum and the median of posting midpoints (yearly, USD).',
  input: z.object({ job_title: z.string(), location: z.string() }),
  output: EstimatedSalaryOutput,
  handler: ({ job_title, location }, ctx) => {
    const hits = findJobs(ctx, job_title, location, false, 'all');
    if (hits === null) return notFound('location', location);
    if (hits.length === 0) return { status: 'OK' as const, data: [] };
    return {
      status: 'OK' as const,
      data: [{
        location: findPlace(location)!.city,
        job_title,
        publisher_name: 'JSearch postings',
        min_salary: Math.min(...hits.map((j) => j.salary_min)),
        max_salary: Math.max(...hits.map((j) => j.salary_max)),
        median_salary: median(hits.map((j) => (j.salary_min + j.salary_max) / 2)),
        salary_period: 'YEAR' as const,
        salary_currency: 'USD' as const,
        sample_size: hits.length,
      }],
    };
  },
});

export const CompanyOutput = z.object({ data: z.object({ id: z.string(), name: z.string(), industry: z.string(), staffCount: z.number().int(), headquarter: z.object({ city: z.string() }), foundedOn: z.object({ year: z.number().int() }), website: z.string() }) });

export const companyDetails = defineApi({
  api: 'Get Company Details',
  tool: LINKEDIN,
  domain,
  description: 'A company page by company id: industry, staff count, headquarters, founding year, website.',
  input: z.object({ company_id: z.string() }),
  output: CompanyOutput,
  handler: ({ company_id }, ctx) => {
    const e = jobsWorld(ctx).employerById.get(company_id.trim());
    if (!e) return notFound('company', company_id);
    return { data: { id: e.id, name: e.name, industry: e.industry, staffCount: e.employees, headquarter: { city: e.city }, foundedOn: { year: e.founded }, website: e.website } };
  },
});

export const ApplicationOutput = z.object({ application_id: z.string(), job_id: z.string(), job_title: z.string(), company: z.string(), applicant: z.string(), email: z.string(), status: z.literal('submitted') });

export const easyApply = defineApi({
  api: 'Easy Apply',
  tool: LINKEDIN,
  domain,
  writes: true,
  description: 'Submits an application to a posting (by job id) with the applicant\'s name and email; one application per job and email.',
  input: z.object({ job_id: z.string(), full_name: z.string().min(1).max(80), email: z.string().min(3).max(120) }),
  output: ApplicationOutput,
  handler: ({ job_id, full_name, email }, ctx) => {
    const w = jobsWorld(ctx);
    const j = w.jobById.get(job_id.trim());
    if (!j) return notFound('job', job_id);
    const mail = email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(mail)) return badRequest(`${JSON.stringify(email)} is not an email address`);
    if (ctx.state.applications.some((a) => a.job_id === j.id && a.email === mail)) return conflict(`${mail} has already applied to ${j.id}`);
    const application = { id: nextId(ctx.state, 'APP'), job_id: j.id, name: full_name, email: mail };
    ctx.state.applications.push(application);
    return { application_id: application.id, job_id: j.id, job_title: j.title, company: w.employerById.get(j.employer_id)!.name, applicant: full_name, email: mail, status: 'submitted' as const };
  },
});

export const myApplications = defineApi({
  api: 'My Applications',
  tool: LINKEDIN,
  domain,
  description: 'Applications submitted so far.',
  input: z.object({}),
  output: z.object({ applications: z.array(ApplicationOutput) }),
  handler: (_args, ctx) => {
    const w = jobsWorld(ctx);
    return {
      applications: ctx.state.applications.map((a) => {
        const j = w.jobById.get(a.job_id)!;
        return { application_id: a.id, job_id: j.id, job_title: j.title, company: w.employerById.get(j.employer_id)!.name, applicant: a.name, email: a.email, status: 'submitted' as const };
      }),
    };
  },
});

export const jobsTools = [jobSearch, searchJobsLinkedin, jobSearchIndeed, jobDetails, getJobDetailsLinkedin, estimatedSalary, companyDetails, easyApply, myApplications];
