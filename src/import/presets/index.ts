/**
 * Import presets (导入预设): the column layouts of real platform exports, each in its own file, and the
 * automatic recognition of a file's preset from its header. See docs/import-presets.md.
 */

import { amazonBusinessReport } from './amazon-business-report.ts';
import { amazonSponsoredProducts } from './amazon-sponsored-products.ts';
import { csAgentDay } from './cs-agent-day.ts';
import type { FactKind } from './engine.ts';
import { type Preset, presetHeaderWords, resolveColumns } from './engine.ts';
import { shopifyOrders } from './shopify-orders.ts';
import { sycmStoreDay } from './sycm-store-day.ts';
import { sycmTrafficSource } from './sycm-traffic-source.ts';
import { taobaoOrders } from './taobao-orders.ts';

export type {
  BuildResult,
  ColumnSpec,
  ColumnType,
  FactKind,
  FactRecord,
  FactRecordOf,
  MapContext,
  MapResult,
  Preset,
} from './engine.ts';
export { FACT_KINDS, mapTable } from './engine.ts';
export { FACT_FIELDS, mappingPreset, readMappingFile } from './generic-mapping.ts';

/** Every built-in preset by its command-line name. */
export const PRESETS = {
  'sycm-store-day': sycmStoreDay,
  'sycm-traffic-source': sycmTrafficSource,
  'taobao-orders': taobaoOrders,
  'amazon-business-report': amazonBusinessReport,
  'amazon-sponsored-products': amazonSponsoredProducts,
  'shopify-orders': shopifyOrders,
  'cs-agent-day': csAgentDay,
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

/** The preset by name, or undefined. */
export function getPreset(name: string): Preset | undefined {
  // own keys only: "constructor" or "__proto__" must not come back as a preset
  return Object.hasOwn(PRESETS, name) ? (PRESETS as Record<string, Preset>)[name] : undefined;
}

/**
 * Recognises a preset from a header: every signature column must be there; among those that fit, the one
 * that finds the most of its columns wins (生意参谋 store overview and traffic sources share 访客数).
 * @example detectPreset(['日期', '访客数', '浏览量', '支付金额', '支付买家数'])?.name === 'sycm-store-day'
 */
export function detectPreset(header: string[]): Preset | undefined {
  let best: Preset | undefined;
  let bestScore = 0;
  for (const preset of Object.values(PRESETS) as Preset[]) {
    const cols = resolveColumns(header, preset);
    const sig = resolveColumns(header, { ...preset, columns: signatureColumns(preset) });
    if ([...sig.values()].some((i) => i < 0)) continue;
    const score = [...cols.values()].filter((i) => i >= 0).length;
    if (score > bestScore) {
      best = preset;
      bestScore = score;
    }
  }
  return best;
}

function signatureColumns(preset: Preset): Preset['columns'] {
  const out: Preset['columns'] = {};
  preset.signature.forEach((h, i) => {
    out[`sig${i}`] = { headers: [h], type: 'text' };
  });
  return out;
}

/** Header words of every preset, for finding the header row under title rows (read-table.ts). */
export function knownHeaderWords(): string[] {
  return (Object.values(PRESETS) as Preset[]).flatMap(presetHeaderWords);
}

/** Which fact kind each preset fills, for documentation and the import summary. */
export function presetKinds(): Record<string, FactKind> {
  return Object.fromEntries(Object.entries(PRESETS).map(([k, p]) => [k, p.kind]));
}
