import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, keyValues, parseFlags, requireString } from '../flags.js';
import { CliError, oneLine } from '../io.js';

export const worldCommand: Command = {
  name: 'world',
  summary: 'write the sandbox world of a seed as JSON',
  usage: 'lamsim world --env ID --seed S [--world key=value]... --out FILE',
  async run(argv, io) {
    const flags = parseFlags(argv, { env: { type: 'string' }, seed: { type: 'string' }, world: { type: 'string', multiple: true }, out: { type: 'string' } });
    const environment = findEnvironment(requireString(flags, 'env'));
    const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
    const out = requireString(flags, 'out');
    let world;
    try {
      world = environment.world(seed, keyValues(flags, 'world'));
    } catch (error) {
      throw new CliError(`invalid --world options: ${oneLine(error)}`);
    }
    const toJson = environment.definition.world.toJson;
    const file = new AtomicFile(out, io.cwd);
    try {
      await file.write(JSON.stringify(toJson ? toJson(world) : world));
      await file.write('\n');
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
    return 0;
  },
};
