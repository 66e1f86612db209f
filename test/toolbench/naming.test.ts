import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionName, standardize } from '../../envs/toolbench/index.js';
import { tools } from './helpers.js';

const NAME = /^[a-z0-9_]+$/;

describe('ToolBench function names', () => {
  it('standardise API and tool names the ToolBench way', () => {
    expect(functionName('Get Search Movie', 'Movie Tools')).toBe('get_search_movie_for_movie_tools');
    expect(functionName('Search Movie', 'IMDb')).toBe('search_movie_for_imdb');
    expect(functionName('market/v2/get-quotes', 'Yahoo Finance')).toBe('market_v2_get_quotes_for_yahoo_finance');
    expect(functionName('5 day forecast', 'Weather!!')).toBe('get_5_day_forecast_for_weather');
    expect(functionName('id', 'X')).toBe('is_id_for_x');
    expect(standardize('  Real-Time  Amazon   Data ')).toBe('real_time_amazon_data');
  });

  it('always yield lowercase [a-z0-9_] names of at most 64 characters without doubled or edge underscores', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ minLength: 1, maxLength: 80 }), (api, tool) => {
        const s = standardize(api);
        expect(s === '' || NAME.test(s)).toBe(true);
        expect(s.includes('__') || s.startsWith('_') || s.endsWith('_')).toBe(false);
        const name = functionName(api, tool);
        expect(name.length).toBeLessThanOrEqual(64);
        expect(/^[a-z0-9_]*$/.test(name)).toBe(true);
        expect(name.includes('__')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('name every API `<api>_for_<provider>` and keep Finish as ToolBench spells it', () => {
    for (const tool of tools) {
      if (tool.terminal) {
        expect(tool.name).toBe('Finish');
        continue;
      }
      expect(tool.name, tool.name).toMatch(/^[a-z0-9_]+_for_[a-z0-9_]+$/);
      expect(tool.name.length).toBeLessThanOrEqual(64);
      expect(tool.name.endsWith(`_for_${tool.provider}`), `${tool.name} / ${tool.provider}`).toBe(true);
    }
  });
});
