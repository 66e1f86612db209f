/** Names and words the org generator draws from. All invented for this simulation. */

export const FIRST_NAMES = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Priya', 'Lucas', 'Grace', 'Mateo', 'Hana', 'Owen', 'Sofia', 'Caleb',
  'Iris', 'Jonah', 'Nadia', 'Felix', 'Ruby', 'Theo', 'Leila', 'Miles', 'Clara', 'Diego', 'Elena', 'Hugo', 'Julia', 'Kofi', 'Mira', 'Nico',
  'Olive', 'Pablo', 'Quinn', 'Rosa', 'Samir', 'Tara', 'Uma', 'Victor', 'Wendy', 'Xavier', 'Yara', 'Zane', 'Aisha', 'Bruno', 'Celia', 'Dario',
  'Esme', 'Farah', 'Gavin', 'Helen', 'Ivan', 'Jade', 'Kenji', 'Lola', 'Marco', 'Nina', 'Oscar', 'Paula', 'Rafael', 'Sara', 'Tomas', 'Vera',
];

export const LAST_NAMES = [
  'Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ibrahim', 'Jensen', 'Kim', 'Lopez', 'Moreau', 'Nguyen', 'Okafor',
  'Patel', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young', 'Zimmer', 'Alvarez', 'Brooks', 'Castillo', 'Dubois',
  'Ellis', 'Ferreira', 'Gupta', 'Hayes', 'Ito', 'Jovanovic', 'Khan', 'Larsen', 'Murphy', 'Novak', 'Olsen', 'Park', 'Reyes', 'Schmidt', 'Torres',
  'Ueda', 'Vasquez', 'Weber', 'Yilmaz', 'Zhang', 'Bennett', 'Coleman', 'Dawson', 'Foster', 'Grant', 'Holland', 'Keller', 'Morgan', 'Price', 'Sutton',
];

/** Shipping states (two-letter), their cities and relative customer share. */
export const STATES: readonly { code: string; cities: readonly string[]; share: number }[] = [
  { code: 'CA', cities: ['Los Angeles', 'San Diego', 'Sacramento', 'San Jose'], share: 12 },
  { code: 'TX', cities: ['Austin', 'Houston', 'Dallas', 'El Paso'], share: 9 },
  { code: 'FL', cities: ['Miami', 'Orlando', 'Tampa'], share: 7 },
  { code: 'NY', cities: ['New York', 'Buffalo', 'Albany'], share: 7 },
  { code: 'PA', cities: ['Philadelphia', 'Pittsburgh'], share: 4 },
  { code: 'IL', cities: ['Chicago', 'Springfield'], share: 4 },
  { code: 'OH', cities: ['Columbus', 'Cleveland'], share: 4 },
  { code: 'GA', cities: ['Atlanta', 'Savannah'], share: 3 },
  { code: 'NC', cities: ['Charlotte', 'Raleigh'], share: 3 },
  { code: 'MI', cities: ['Detroit', 'Grand Rapids'], share: 3 },
  { code: 'WA', cities: ['Seattle', 'Spokane'], share: 3 },
  { code: 'AZ', cities: ['Phoenix', 'Tucson'], share: 3 },
  { code: 'MA', cities: ['Boston', 'Worcester'], share: 2 },
  { code: 'CO', cities: ['Denver', 'Boulder'], share: 2 },
  { code: 'OR', cities: ['Portland', 'Eugene'], share: 2 },
  { code: 'MN', cities: ['Minneapolis', 'Duluth'], share: 2 },
];

/** The ten issue names of CRMArena's Issue__c. */
export const ISSUE_NAMES = [
  'Billing/Payment Issue',
  'Return Policy Issue',
  'Product Defect',
  'Size Mismatch',
  'Shipping Delay',
  'Product Availability',
  'Order Cancellation',
  'Warranty Issue',
  'Incorrect Item Received',
  'Loyalty Program Inquiry',
] as const;
export type IssueName = (typeof ISSUE_NAMES)[number];

/** How long an issue takes to close, relative to the typical case. */
export const ISSUE_EFFORT: Readonly<Record<IssueName, number>> = {
  'Billing/Payment Issue': 0.8,
  'Return Policy Issue': 1.0,
  'Product Defect': 1.5,
  'Size Mismatch': 0.9,
  'Shipping Delay': 1.2,
  'Product Availability': 0.7,
  'Order Cancellation': 0.6,
  'Warranty Issue': 1.7,
  'Incorrect Item Received': 1.1,
  'Loyalty Program Inquiry': 0.5,
};

/** How a customer words each issue: subject lines and case descriptions, `{product}` filled in. */
export const ISSUE_WORDING: Readonly<Record<IssueName, { subjects: readonly string[]; descriptions: readonly string[] }>> = {
  'Billing/Payment Issue': {
    subjects: ['Charged twice for {product}', 'Wrong amount billed for {product}', 'Payment problem with my {product} order'],
    descriptions: [
      'My card statement shows two charges for the {product} I ordered, but I only placed one order. Please refund the duplicate charge.',
      'The amount taken from my card for the {product} is higher than the price shown at checkout. Can someone correct the bill?',
      'My payment for the {product} was declined and then charged anyway. I need the billing sorted out.',
    ],
  },
  'Return Policy Issue': {
    subjects: ['Question about returning {product}', 'Return request for {product}', 'Can I still send back my {product}?'],
    descriptions: [
      'I would like to send back the {product} but I am not sure whether it is still within the return window. What are my options?',
      'The {product} is not what I expected and I want to return it. How does the return process work?',
      'I tried to start a return for my {product} online and the site refused. I would like to know the return rules.',
    ],
  },
  'Product Defect': {
    subjects: ['{product} arrived faulty', 'Defect in my {product}', '{product} broke after a week'],
    descriptions: [
      'The {product} I received has a visible manufacturing flaw and does not work as it should. I would like a replacement.',
      'After only a few uses the {product} started falling apart at the seams. This looks like a defect.',
      'My {product} stopped working properly within days. Something is clearly wrong with the unit.',
    ],
  },
  'Size Mismatch': {
    subjects: ['Size of {product} does not match the chart', '{product} runs the wrong size', 'Sizing problem with {product}'],
    descriptions: [
      'I picked my size for the {product} from your size chart, but the one I received is clearly a size off.',
      'The {product} fits much smaller than the measurements listed on the website. I need a different size.',
      'According to the size guide the {product} should fit me, but it is far too large.',
    ],
  },
  'Shipping Delay': {
    subjects: ['{product} has not arrived', 'Late delivery of {product}', 'Where is my {product}?'],
    descriptions: [
      'My {product} was supposed to arrive last week and tracking has not updated for days. When will it be delivered?',
      'The delivery date for my {product} has passed and I still have nothing. Please check what happened to the shipment.',
      'I ordered the {product} weeks ago and it is still listed as in transit.',
    ],
  },
  'Product Availability': {
    subjects: ['{product} always out of stock', 'When will {product} be available?', 'Restock date for {product}'],
    descriptions: [
      'I have been trying to buy the {product} for weeks but it is never in stock in my size. Is a restock planned?',
      'The {product} shows as unavailable everywhere. Can you tell me when it will be back?',
      'I want to order another {product} but it has been sold out for a long time.',
    ],
  },
  'Order Cancellation': {
    subjects: ['Cancel my {product} order', 'Unable to cancel order for {product}', 'Please stop my {product} order'],
    descriptions: [
      'I ordered the {product} by mistake and want to cancel the order before it ships.',
      'The website will not let me cancel my order for the {product}. Please cancel it for me.',
      'I no longer need the {product} I ordered yesterday. Can the order be cancelled?',
    ],
  },
  'Warranty Issue': {
    subjects: ['Warranty claim for {product}', 'Is my {product} still under warranty?', 'Warranty repair for {product}'],
    descriptions: [
      'My {product} developed a fault and I want to file a warranty claim, but the online form keeps failing.',
      'I would like to know whether the warranty still covers my {product} and how to make a claim.',
      'The {product} needs a repair and I believe it is covered by the warranty.',
    ],
  },
  'Incorrect Item Received': {
    subjects: ['Wrong item instead of {product}', 'Received a different product than {product}', 'Order mix-up: {product}'],
    descriptions: [
      'I ordered the {product} but the package contained a completely different item. I need the right one sent.',
      'The box I received was labelled {product} but held something else. Please exchange it.',
      'Instead of the {product} I was sent another product altogether.',
    ],
  },
  'Loyalty Program Inquiry': {
    subjects: ['Loyalty points missing for {product}', 'Rewards not credited for {product}', 'Question about my loyalty points'],
    descriptions: [
      'I did not receive loyalty points for my purchase of the {product}. Can you add them to my account?',
      'My rewards balance did not change after I bought the {product}. How are points credited?',
      'I want to use my loyalty points on a {product} but my balance looks wrong.',
    ],
  },
};

/**
 * Product lines: each line's products share a noun (what a customer calls them), a season in which
 * complaints peak (0-based month), and knowledge-base topics.
 */
export interface ProductLine {
  readonly category: string;
  readonly noun: string;
  readonly plural: string;
  readonly peakMonth: number;
  readonly blurb: string;
  readonly basePrice: number;
}

export const PRODUCT_LINES: readonly ProductLine[] = [
  { category: 'Running Shoes', noun: 'Running Shoes', plural: 'running shoes', peakMonth: 3, blurb: 'cushioned shoes built for road running', basePrice: 120 },
  { category: 'Hiking Boots', noun: 'Hiking Boots', plural: 'hiking boots', peakMonth: 4, blurb: 'waterproof boots for rough trails', basePrice: 160 },
  { category: 'Yoga Mats', noun: 'Yoga Mat', plural: 'yoga mats', peakMonth: 0, blurb: 'a grippy mat for studio and home practice', basePrice: 60 },
  { category: 'Swim Goggles', noun: 'Swim Goggles', plural: 'swim goggles', peakMonth: 6, blurb: 'low-profile goggles for pool and open water', basePrice: 30 },
  { category: 'Cycling Jackets', noun: 'Cycling Jacket', plural: 'cycling jackets', peakMonth: 8, blurb: 'a windproof jacket for long rides', basePrice: 110 },
  { category: 'Fitness Trackers', noun: 'Fitness Tracker', plural: 'fitness trackers', peakMonth: 11, blurb: 'a wrist tracker for steps, sleep and heart rate', basePrice: 90 },
  { category: 'Rain Jackets', noun: 'Rain Jacket', plural: 'rain jackets', peakMonth: 10, blurb: 'a packable shell for wet weather', basePrice: 130 },
  { category: 'Tennis Racquets', noun: 'Tennis Racquet', plural: 'tennis racquets', peakMonth: 5, blurb: 'a balanced racquet for club players', basePrice: 150 },
  { category: 'Soccer Cleats', noun: 'Soccer Cleats', plural: 'soccer cleats', peakMonth: 7, blurb: 'firm-ground cleats for fast play', basePrice: 100 },
  { category: 'Training Leggings', noun: 'Training Leggings', plural: 'training leggings', peakMonth: 1, blurb: 'high-waisted leggings for the gym', basePrice: 55 },
  { category: 'Ski Gloves', noun: 'Ski Gloves', plural: 'ski gloves', peakMonth: 11, blurb: 'insulated gloves for cold slopes', basePrice: 70 },
  { category: 'Hydration Packs', noun: 'Hydration Pack', plural: 'hydration packs', peakMonth: 6, blurb: 'a light pack with a water bladder for trail days', basePrice: 80 },
];

export const BRAND_WORDS = [
  'Aero', 'Apex', 'Summit', 'Velocity', 'Stride', 'Zenith', 'Terra', 'Nimbus', 'Pulse', 'Vortex', 'Horizon', 'Glide', 'Ridge', 'Titan', 'Nova',
  'Element', 'Swift', 'Core', 'Peak', 'Flux', 'Momentum', 'Evo', 'Drift', 'Echo', 'Ignite', 'Catalyst', 'Strata', 'Quantum', 'Orbit', 'Trail',
  'Cascade', 'Boreal', 'Solstice', 'Kestrel', 'Falcon', 'Granite', 'Harbor', 'Juniper', 'Lumen', 'Meridian', 'Northstar', 'Onyx', 'Pinnacle',
  'Rapid', 'Sierra', 'Tempo', 'Vista', 'Wildfire', 'Zephyr', 'Alpine', 'Blaze', 'Comet', 'Dune', 'Ember', 'Frontier', 'Glacier', 'Halo',
];

export const PRODUCT_FEATURES = [
  'Made from recycled materials.',
  'Comes in six colours.',
  'Lightweight and easy to pack.',
  'Reinforced where wear is highest.',
  'Designed with feedback from coaches.',
  'Backed by our standard warranty.',
];
