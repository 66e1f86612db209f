import type { Rng } from '../../../src/core/rng.js';
import { addMonths, DAY, isoDateTime, yearOf } from './dates.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import type { Pricebook2Record, PricebookEntryRecord, Product2Record, ProductCategoryProductRecord, ProductCategoryRecord } from './records.js';
import { BRAND_WORDS, ISSUE_NAMES, PRODUCT_FEATURES, PRODUCT_LINES } from './vocabulary.js';
import { gaussian } from './weighted.js';

/** Why one product draws more cases than another, and which ones. */
export interface ProductTraits {
  readonly line: number;
  /** Relative case volume: some products are simply worse. */
  readonly defect: number;
  readonly peakMonth: number;
  /** Extra case volume in the peak month (and 40% of it in the months beside it). */
  readonly peakBoost: number;
  /** Relative weight of each issue (ISSUE_NAMES order) in this product's cases. */
  readonly issueWeights: readonly number[];
}

export interface Catalog {
  readonly categories: ProductCategoryRecord[];
  readonly products: Product2Record[];
  readonly links: ProductCategoryProductRecord[];
  readonly traits: ProductTraits[];
  readonly pricebooks: Pricebook2Record[];
  readonly entries: PricebookEntryRecord[];
  /** Which pricebook applies on a day: sale books win over the standard one. */
  pricebookFor(dayMs: number): number;
  /** The entry of (pricebook, product). */
  entryOf(pricebook: number, product: number): PricebookEntryRecord;
}

interface SaleWindow {
  readonly from: number;
  readonly to: number;
  readonly index: number;
}

export function buildCatalog(rng: Rng, perLine: number, windowStartMs: number, todayMs: number): Catalog {
  const catalogId = new IdMinter(ID_PREFIX.ProductCatalog, rng.child('catalog-id')).mint();
  const categoryIds = new IdMinter(ID_PREFIX.ProductCategory, rng.child('category-ids'));
  const productIds = new IdMinter(ID_PREFIX.Product2, rng.child('product-ids'));
  const linkIds = new IdMinter(ID_PREFIX.ProductCategoryProduct, rng.child('link-ids'));
  const draw = rng.child('products');
  const brands = draw.shuffle(BRAND_WORDS);
  const categories: ProductCategoryRecord[] = [];
  const products: Product2Record[] = [];
  const links: ProductCategoryProductRecord[] = [];
  const traits: ProductTraits[] = [];
  const prices: number[] = [];
  let brandCursor = 0;
  PRODUCT_LINES.forEach((line, lineIndex) => {
    const category: ProductCategoryRecord = { Id: categoryIds.mint(), Name: line.category, CatalogId: catalogId };
    categories.push(category);
    for (let k = 0; k < perLine; k++) {
      const brand = brands[brandCursor++ % brands.length]!;
      const suffix = brandCursor > brands.length ? ` ${['II', 'III', 'IV', 'V'][Math.floor((brandCursor - 1) / brands.length) - 1] ?? 'X'}` : '';
      const name = `${brand}${suffix} ${line.noun}`;
      const product: Product2Record = {
        Id: productIds.mint(),
        Name: name,
        Description: `${name}: ${line.blurb}. ${draw.pick(PRODUCT_FEATURES)}`,
        IsActive: !draw.chance(0.06),
        External_ID__c: `SC-${line.category.slice(0, 3).toUpperCase()}-${String(1000 + products.length * 7 + draw.int(0, 6))}`,
      };
      products.push(product);
      links.push({ Id: linkIds.mint(), ProductCategoryId: category.Id, ProductId: product.Id });
      prices.push(Math.round(line.basePrice * (0.75 + 0.5 * draw.next())) - 0.01);
      const problem = draw.chance(0.15);
      const dominant = draw.sample(
        ISSUE_NAMES.map((_, i) => i),
        draw.int(1, 2),
      );
      const defect = Math.exp(0.5 * gaussian(draw)) * (problem ? 3 : 1);
      traits.push({
        line: lineIndex,
        defect,
        peakMonth: (line.peakMonth + draw.int(-1, 1) + 12) % 12,
        peakBoost: 1 + 2.5 * draw.next(),
        issueWeights: ISSUE_NAMES.map((name, i) => (0.5 + draw.next()) * (dominant.includes(i) ? 4 + 5 * draw.next() : 1) * (name === 'Product Defect' && problem ? 3 : 1)),
      });
    }
  });

  const pricebookIds = new IdMinter(ID_PREFIX.Pricebook2, rng.child('pricebook-ids'));
  const entryIds = new IdMinter(ID_PREFIX.PricebookEntry, rng.child('entry-ids'));
  const pricebooks: Pricebook2Record[] = [];
  const discounts: number[] = [];
  const standardFrom = addMonths(windowStartMs, -24);
  const standardTo = addMonths(todayMs, 24);
  pricebooks.push({ Id: pricebookIds.mint(), Name: 'Standard Price Book', ValidFrom: isoDateTime(standardFrom), ValidTo: isoDateTime(standardTo), IsActive: true });
  discounts.push(0);
  const sales: SaleWindow[] = [];
  for (let year = yearOf(windowStartMs) - 1; year <= yearOf(todayMs); year++) {
    for (const sale of [
      { name: `Summer Sale ${year}`, from: Date.UTC(year, 6, 1), to: Date.UTC(year, 7, 1), discount: 0.15 },
      { name: `Holiday Sale ${year}`, from: Date.UTC(year, 10, 20), to: Date.UTC(year + 1, 0, 1), discount: 0.2 },
    ]) {
      if (sale.to < windowStartMs - 90 * DAY || sale.from > todayMs) continue;
      sales.push({ from: sale.from, to: sale.to, index: pricebooks.length });
      pricebooks.push({ Id: pricebookIds.mint(), Name: sale.name, ValidFrom: isoDateTime(sale.from), ValidTo: isoDateTime(sale.to - 1000), IsActive: sale.to > todayMs });
      discounts.push(sale.discount);
    }
  }
  const entries: PricebookEntryRecord[] = [];
  const entryIndex: PricebookEntryRecord[][] = pricebooks.map(() => []);
  pricebooks.forEach((book, b) => {
    products.forEach((product, p) => {
      const entry: PricebookEntryRecord = { Id: entryIds.mint(), Pricebook2Id: book.Id, Product2Id: product.Id, UnitPrice: Math.round(prices[p]! * (1 - discounts[b]!) * 100) / 100 };
      entries.push(entry);
      entryIndex[b]!.push(entry);
    });
  });

  return {
    categories,
    products,
    links,
    traits,
    pricebooks,
    entries,
    pricebookFor(dayMs) {
      for (const sale of sales) if (dayMs >= sale.from && dayMs < sale.to) return sale.index;
      return 0;
    },
    entryOf(pricebook, product) {
      return entryIndex[pricebook]![product]!;
    },
  };
}
