import { z } from 'zod';
import { DOMAINS, type Domain } from '../domains.js';

const Scale = z.number().min(0.5).max(10);

/** World options: which day is "today" and how large each domain is. */
export const WorldOptionsSchema = z
  .object({
    today: z.iso.date().default('2024-06-15').describe('The fixed date the world lives on'),
    scale: Scale.default(1).describe('Size factor for every domain'),
    domains: z
      .object(Object.fromEntries(DOMAINS.map((d) => [d, Scale.optional()])) as Record<Domain, z.ZodOptional<typeof Scale>>)
      .strict()
      .default({})
      .describe('Size factor per domain, multiplied with scale'),
  })
  .strict();
export type WorldOptions = z.infer<typeof WorldOptionsSchema>;
export type WorldOptionsInput = z.input<typeof WorldOptionsSchema>;
