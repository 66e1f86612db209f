/**
 * The ToolBench categories this environment simulates. Real-estate listings live under `Data`,
 * where the LAM Simulator paper files its property-search task.
 */
export const DOMAINS = [
  'Movies', 'Music', 'Weather', 'Data', 'Sports', 'Finance', 'News_Media', 'Food', 'Travel', 'eCommerce', 'Jobs', 'Education', 'Science', 'Database',
] as const;
export type Domain = (typeof DOMAINS)[number];
