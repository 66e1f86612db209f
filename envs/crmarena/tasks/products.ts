import { z } from 'zod';
import type { Placeholder } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';

/** A product placeholder (its Product2 Id), every product equally likely. */
export const productPlaceholder: Placeholder<Org> = {
  schema: z.string().regex(/^01t/),
  description: 'a Product2 Id',
  sample: ({ world, rng }) => rng.pick(world.tables.Product2).Id,
};

/** The product's name, for the query text. */
export const productNamePlaceholder: Placeholder<Org> = {
  schema: z.string(),
  description: "the product's name",
  sample: ({ world, values }) => world.index.products.get(String(values['product_id']))!.Name,
};
