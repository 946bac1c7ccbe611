/**
 * Reading and mapping a file in one pass (读取并映射): the rows of a large export are mapped batch by batch
 * as they are parsed, so a million-line order export never sits in memory twice (raw cells and records).
 * Same results as `mapTable(await readTable(path), preset, ctx)`, faster and leaner on big files.
 */
import type { Preset } from './presets/engine.ts';
import { type MapContext, type MapResult, TableMapper } from './presets/engine.ts';
import { type ReadTableOptions, streamTable, type TableMeta } from './read-table.ts';

export interface MapFileOptions extends ReadTableOptions {
  /**
   * The preset, or how to choose it once the header is known (e.g. `--preset` or detectPreset); may throw
   * an AppError to refuse the file.
   */
  preset: Preset | ((meta: TableMeta) => Preset);
}

export interface MappedFile extends MapResult {
  table: TableMeta;
  preset: Preset;
}

/**
 * @example const { preset, records, problems } = await mapFile('orders.csv', { preset: (m) => detectPreset(m.header)! }, { store: 'TM01' })
 */
export async function mapFile(path: string, opts: MapFileOptions, ctx: MapContext): Promise<MappedFile> {
  let mapper: TableMapper | undefined;
  let chosen: Preset | undefined;
  const meta = await streamTable(path, opts, {
    header: (m) => {
      chosen = typeof opts.preset === 'function' ? opts.preset(m) : opts.preset;
      mapper = new TableMapper(m, chosen, ctx);
    },
    rows: (batch) => mapper!.push(batch),
  });
  const { rowsRead, ...table } = meta;
  return { ...mapper!.result(rowsRead), table, preset: chosen! };
}
