import type { FilterMode } from './filter.js';
import type { Selection } from './record.js';

/** Exploration settings that go together, chosen by one name (`lamsim collect --preset NAME`). */
export interface SamplingPreset {
  readonly summary: string;
  readonly samplesPerStep: number;
  /** Candidate i samples at temperatures[i % length] (model policies). */
  readonly temperatures: readonly number[];
  readonly selection: Selection;
  readonly filter: FilterMode;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export const SAMPLING_PRESETS = {
  paper: {
    summary: 'the LAM Simulator paper: 7 candidates per step at temperatures 0, 1/6, ..., 1; the action handler picks; both filter checks',
    samplesPerStep: 7,
    temperatures: Array.from({ length: 7 }, (_, i) => round(i / 6)),
    selection: 'handler',
    filter: 'both',
  },
} as const satisfies Record<string, SamplingPreset>;
export type PresetName = keyof typeof SAMPLING_PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(SAMPLING_PRESETS, name);
}
