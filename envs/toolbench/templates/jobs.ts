import { z } from 'zod';
import { ref } from '../../../src/index.js';
import {
  companyDetails, easyApply, estimatedSalary, jobDetails, jobSearch, myApplications,
  type ApplicationOutput, type CompanyOutput, type EstimatedSalaryOutput, type JobSearchOutput,
} from '../tools/jobs.js';
import { FIRST_NAMES, LAST_NAMES } from '../world/names.js';
import { output, toolbenchTemplate, uniqueMax, type Outputs, type SampleScope } from './define.js';

type Search = z.infer<typeof JobSearchOutput>;

const domain = 'Jobs' as const;

export const role = { schema: z.string().min(1), description: 'a job title', sample: ({ world, rng }: SampleScope) => rng.pick(world.jobs.roles) };
export const jobCity = {
  schema: z.string().min(1),
  description: 'a city with openings for that role',
  sample: ({ world, rng, values }: SampleScope) => {
    const cities = world.jobs.jobs.filter((j) => j.role === values['role']).map((j) => j.city);
    return cities.length === 0 ? rng.pick(world.jobs.cities) : rng.pick(cities);
  },
};
export const roleInCity = ref.compute(({ values }) => `${String(values['role'])} in ${String(values['city'])}`);
const complete = (outputs: Outputs): boolean => {
  const r = output<Search>(outputs, 'search');
  return r.total > 0 && r.total <= r.data.length;
};
const topPaying = (outputs: Outputs) => uniqueMax(output<Search>(outputs, 'search').data, (j) => j.job_max_salary);

export const jobsTopSalaryEmployer = toolbenchTemplate({
  id: 'jobs.top_salary_employer',
  domain,
  split: 'train',
  text: 'Among the {role} openings posted in {city} in the past week (the last 7 days, today included), which company offers the highest maximum salary?',
  paraphrases: ['Of the {role} jobs posted in {city} within the last 7 days (counting today), which employer advertises the top of the salary range?'],
  placeholders: { role, city: jobCity },
  path: [{ name: 'search', tool: jobSearch.name, args: { query: roleInCity, date_posted: ref.literal('week') } }],
  answer: ({ outputs }) => topPaying(outputs)?.employer_name ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => (complete(outputs) && topPaying(outputs) !== null) || 'no single best-paying opening on one page',
});

export const jobsSalaryEstimate = toolbenchTemplate({
  id: 'jobs.salary_estimate',
  domain,
  split: 'train',
  text: 'What is the median estimated yearly salary for {role} jobs in {city}, in US dollars?',
  paraphrases: ['Estimate the median annual pay (USD) of {role} positions in {city}.'],
  placeholders: { role, city: jobCity },
  path: [{ name: 'estimate', tool: estimatedSalary.name, args: { job_title: ref.placeholder('role'), location: ref.placeholder('city') } }],
  answer: ({ outputs }) => output<z.infer<typeof EstimatedSalaryOutput>>(outputs, 'estimate').data[0]?.median_salary ?? null,
  compare: { kind: 'number', tolerance: 1 },
  accept: ({ outputs }) => output<z.infer<typeof EstimatedSalaryOutput>>(outputs, 'estimate').data.length > 0 || 'no postings to estimate from',
});

export const jobsApplyNewestRemote = toolbenchTemplate({
  id: 'jobs.apply_newest_remote',
  writes: ['applications'],
  domain,
  split: 'train',
  text: 'Apply for me to the most recently posted remote {role} job. My name is {name} and my email is {email}. Which company did I apply to?',
  paraphrases: ['Send an application from {name} ({email}) to the newest remote {role} opening and tell me the employer.'],
  placeholders: {
    role,
    name: { schema: z.string().min(1), description: 'the applicant', sample: ({ rng }: SampleScope) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` },
    email: { schema: z.string().min(3), description: "the applicant's email", sample: ({ rng, values }: SampleScope) => `${String(values['name']).toLowerCase().replace(/[^a-z]+/g, '.')}${rng.int(1, 99)}@mail.example` },
  },
  path: [
    { name: 'search', tool: jobSearch.name, args: { query: ref.placeholder('role'), remote_jobs_only: ref.literal(true) } },
    { name: 'apply', tool: easyApply.name, args: { job_id: ref.output('search', 'data.0.job_id'), full_name: ref.placeholder('name'), email: ref.placeholder('email') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof ApplicationOutput>>(outputs, 'apply').company,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => {
    const list = output<Search>(outputs, 'search').data;
    return (list.length > 0 && (list.length === 1 || list[0]!.job_posted_at_datetime_utc !== list[1]!.job_posted_at_datetime_utc)) || 'no single newest remote posting';
  },
  checkState: ({ state, world, values }) => {
    const words = String(values['role']).toLowerCase().split(' ');
    const newest = world.jobs.jobs.find((j) => j.remote && words.every((w) => j.title.toLowerCase().includes(w)));
    const ok = state.applications.length === 1 && state.applications[0]!.job_id === newest?.id && state.applications[0]!.email === String(values['email']).toLowerCase();
    return ok ? null : `expected one application to ${newest?.id ?? '?'} from ${String(values['email'])}`;
  },
  offer: { extra: [myApplications.name] },
});

export const jobsNewestEmployerSize = toolbenchTemplate({
  id: 'jobs.newest_employer_size',
  domain,
  split: 'unseen-instruction',
  text: 'How many employees does the company behind the newest {role} opening in {city} have?',
  paraphrases: ['Look up the most recent {role} posting in {city} and tell me the staff count of the company that posted it.'],
  placeholders: { role, city: jobCity },
  path: [
    { name: 'search', tool: jobSearch.name, args: { query: roleInCity } },
    { name: 'details', tool: jobDetails.name, args: { job_id: ref.output('search', 'data.0.job_id') } },
    { name: 'company', tool: companyDetails.name, args: { company_id: ref.output('details', 'data.0.employer_id') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof CompanyOutput>>(outputs, 'company').data.staffCount,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs }) => output<Search>(outputs, 'search').data.length > 0 || 'no opening',
});

export const jobsTemplates = [jobsTopSalaryEmployer, jobsSalaryEstimate, jobsApplyNewestRemote, jobsNewestEmployerSize];
