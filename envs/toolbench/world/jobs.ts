import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { scaled, uniqueIds, uniqueStrings } from './names.js';
import { PLACES } from './places.js';

export interface Employer {
  readonly id: string;
  readonly name: string;
  readonly industry: string;
  readonly city: string;
  readonly employees: number;
  readonly founded: number;
  readonly website: string;
}

export type EmploymentType = 'FULLTIME' | 'PARTTIME' | 'CONTRACTOR';

export interface Job {
  readonly id: string;
  readonly title: string;
  readonly role: string;
  readonly employer_id: string;
  readonly city: string;
  readonly country: string;
  readonly remote: boolean;
  readonly employment_type: EmploymentType;
  readonly salary_min: number;
  readonly salary_max: number;
  /** ISO date-time the posting went up. */
  readonly posted_at: string;
  readonly skills: readonly string[];
}

export interface JobsWorld {
  readonly employers: readonly Employer[];
  /** Newest posting first. */
  readonly jobs: readonly Job[];
  readonly roles: readonly string[];
  readonly cities: readonly string[];
  readonly employerById: ReadonlyMap<string, Employer>;
  readonly jobById: ReadonlyMap<string, Job>;
}

const ROLES: Readonly<Record<string, { pay: number; skills: readonly string[] }>> = {
  'Data Analyst': { pay: 78_000, skills: ['SQL', 'Excel', 'Tableau', 'Python', 'statistics'] },
  'Software Engineer': { pay: 125_000, skills: ['TypeScript', 'Go', 'Python', 'AWS', 'system design'] },
  'Product Manager': { pay: 130_000, skills: ['roadmapping', 'user research', 'SQL', 'stakeholder management'] },
  'UX Designer': { pay: 98_000, skills: ['Figma', 'prototyping', 'user research', 'accessibility'] },
  'DevOps Engineer': { pay: 120_000, skills: ['Kubernetes', 'Terraform', 'CI/CD', 'Linux', 'AWS'] },
  'Data Scientist': { pay: 132_000, skills: ['Python', 'machine learning', 'SQL', 'statistics', 'PyTorch'] },
  Accountant: { pay: 72_000, skills: ['GAAP', 'Excel', 'auditing', 'tax'] },
  'Marketing Manager': { pay: 95_000, skills: ['SEO', 'campaigns', 'analytics', 'copywriting'] },
  'Registered Nurse': { pay: 86_000, skills: ['patient care', 'EMR', 'BLS certification'] },
  'Sales Representative': { pay: 62_000, skills: ['CRM', 'negotiation', 'prospecting'] },
};
const INDUSTRIES = ['Software', 'Healthcare', 'Financial Services', 'Retail', 'Media', 'Logistics', 'Energy', 'Education'];
const CO_A = ['Acme', 'Brightwave', 'Cinder', 'Driftwood', 'Ember', 'Foxtail', 'Granite', 'Helix', 'Ironwood', 'Juniper', 'Keystone', 'Larkspur', 'Meridian', 'Nova', 'Orchid', 'Polaris'];
const CO_B = ['Labs', 'Health', 'Analytics', 'Systems', 'Partners', 'Digital', 'Works', 'Logistics', 'Capital', 'Studios'];
const SENIORITY = ['', '', 'Senior ', 'Junior ', 'Lead '];

/** The cities with job postings. */
export const JOB_CITIES = PLACES.filter((p) => p.countryCode === 'US' || ['London', 'Toronto', 'Berlin'].includes(p.city));

export function buildJobs(ctx: DomainContext): JobsWorld {
  const { rng, today } = ctx;
  const employerNames = uniqueStrings(scaled(40, ctx.scale, 15, 100), () => `${rng.pick(CO_A)} ${rng.pick(CO_B)}`);
  const employerIds = uniqueIds(rng, employerNames.length, '', 8);
  const employers: Employer[] = employerNames.map((name, i) => ({
    id: employerIds[i]!,
    name,
    industry: rng.pick(INDUSTRIES),
    city: rng.pick(JOB_CITIES).city,
    employees: rng.int(1, 400) * 25,
    founded: rng.int(1950, 2021),
    website: `https://www.${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
  }));
  const roles = Object.keys(ROLES);
  const count = scaled(220, ctx.scale, 80);
  const ids = uniqueIds(rng, count, 'J', 9);
  const days = Array.from({ length: 30 }, (_, i) => addDays(today, -i));
  const stamps = uniqueStrings(count, () => `${rng.pick(days)}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`);
  const jobs: Job[] = ids.map((id, i) => {
    const role = rng.pick(roles);
    const seniority = rng.pick(SENIORITY);
    const factor = seniority === 'Senior ' || seniority === 'Lead ' ? 1.3 : seniority === 'Junior ' ? 0.75 : 1;
    const base = ROLES[role]!.pay * factor * (0.8 + rng.next() * 0.4);
    const city = rng.pick(JOB_CITIES);
    return {
      id,
      title: `${seniority}${role}`,
      role,
      employer_id: rng.pick(employers).id,
      city: city.city,
      country: city.countryCode,
      remote: rng.chance(0.25),
      employment_type: rng.chance(0.8) ? 'FULLTIME' : rng.chance(0.5) ? 'PARTTIME' : 'CONTRACTOR',
      salary_min: Math.round((base * 0.85) / 1000) * 1000,
      salary_max: Math.round((base * 1.15) / 1000) * 1000,
      posted_at: stamps[i]!,
      skills: rng.sample(ROLES[role]!.skills, rng.int(2, 4)),
    };
  });
  jobs.sort((a, b) => (a.posted_at < b.posted_at ? 1 : -1));
  return { employers, jobs, roles, cities: JOB_CITIES.map((p) => p.city), employerById: indexBy(employers, 'id'), jobById: indexBy(jobs, 'id') };
}
