import { z } from 'zod';

/** World options of CRMArena-v0: the size of the org and its fixed "today". */
export const OrgOptionsSchema = z
  .object({
    /** Service agents (User records). */
    agents: z.number().int().min(8).max(2_000).default(60),
    /** Person accounts, each with one contact. */
    accounts: z.number().int().min(50).max(200_000).default(900),
    cases: z.number().int().min(200).max(500_000).default(2_500),
    /** Years of history before today. */
    years: z.number().int().min(1).max(10).default(3),
    /** Products per product line (12 lines). */
    productsPerLine: z.number().int().min(2).max(30).default(4),
    /** Today's date, `YYYY-MM-DD`; drawn from the seed when absent. */
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict();

export type OrgOptions = z.output<typeof OrgOptionsSchema>;
export type OrgOptionsInput = z.input<typeof OrgOptionsSchema>;
