/**
 * `shopkpi import <file> --store <code>`: imports a platform export (CSV/XLSX) into the store's data,
 * all or nothing, with a progress bar on stderr and a summary on stdout.
 */
import { type ImportPhase, importFile } from '../app/import-service.ts';
import { AppError, describeProblem } from '../core/errors.ts';
import { PLATFORMS, type Platform } from '../core/metrics/facts.ts';
import { ensureCompany, getStore, upsertStores } from '../db/company-repository.ts';
import { openDb } from '../db/open-db.ts';
import { type Preset, readMappingFile } from '../import/presets/index.ts';
import { parseArgs } from './args.ts';
import type { Command } from './command.ts';
import { type Progress, progress } from './progress.ts';

const PHASE_LABEL: Record<ImportPhase, string> = {
  read: 'reading 读取',
  check: 'checking 校验',
  write: 'writing 写入',
  done: 'done 完成',
};

export const importCommand: Command = {
  summary: 'import a platform export into a store (导入平台导出数据)',
  help: `shopkpi import <file.csv|file.xlsx> --store <code> [--preset <name> | --mapping <file.yaml>] [--encoding gbk]
               [--sheet <name>] [--company <id>] [--create <platform>,<currency>,<time zone>]

Reads the file (UTF-8, UTF-8 with BOM, GBK/GB18030 detected; --encoding overrides), recognises the
export from its header (--preset overrides: sycm-store-day, sycm-traffic-source, taobao-orders,
amazon-business-report, amazon-sponsored-products, shopify-orders, cs-agent-day), checks every row and
writes them in one transaction. For any other export, --mapping names a generic mapping file (target
kind, header → field, formats; see docs/import-presets.md). If any row is bad, nothing is written and every bad row is listed
(file, row, column, value, reason); exit code 1. Rows equal to the stored ones are left alone; changed
rows replace the old ones and the change is recorded.

The database is PostgreSQL when DATABASE_URL is set, else PGlite in SHOPKPI_DATA_DIR (default
.data/pglite). The company is --company, else SHOPKPI_COMPANY, else "default". --create makes the store
when it does not exist yet, e.g. --create tmall,CNY,Asia/Shanghai.`,
  async run(args, io) {
    const p = parseArgs(args, {
      values: ['store', 'preset', 'mapping', 'encoding', 'sheet', 'company', 'create'],
    });
    const file = p.positionals[0];
    const storeCode = p.values.get('store');
    if (!file || !storeCode || p.positionals.length > 1) {
      io.stderr.write('usage: shopkpi import <file> --store <code> [--preset <name>] [--encoding gbk]\n');
      return 2;
    }
    const company = p.values.get('company') ?? process.env.SHOPKPI_COMPANY ?? 'default';
    const mappingPath = p.values.get('mapping');
    let mapping: Preset | undefined;
    if (mappingPath) {
      const read = await readMappingFile(mappingPath);
      if (!read.preset || read.problems.some((x) => x.severity === 'error')) {
        throw new AppError(
          'invalid_input',
          { zh: `映射文件 ${mappingPath} 无效`, en: `mapping file ${mappingPath} is invalid` },
          read.problems,
        );
      }
      mapping = read.preset;
    }
    const db = await openDb();
    try {
      const create = p.values.get('create');
      if (create && !(await getStore(db, company, storeCode))) {
        const [platform, currency, timeZone] = create.split(',').map((s) => s.trim());
        if (!platform || !(PLATFORMS as readonly string[]).includes(platform) || !currency || !timeZone) {
          throw new AppError('invalid_input', {
            zh: `--create 应为 平台,币种,时区，平台之一：${PLATFORMS.join(', ')}`,
            en: `--create takes platform,currency,time zone; platform one of ${PLATFORMS.join(', ')}`,
          });
        }
        await ensureCompany(db, company);
        await upsertStores(db, company, [
          { code: storeCode, name: storeCode, platform: platform as Platform, currency, timeZone },
        ]);
      }
      let bar: Progress | undefined;
      let phase: ImportPhase | undefined;
      const summary = await importFile(db, company, file, {
        store: storeCode,
        ...(p.values.has('preset') ? { preset: p.values.get('preset') } : {}),
        ...(mapping ? { mapping } : {}),
        ...(p.values.has('encoding') ? { encoding: p.values.get('encoding') } : {}),
        ...(p.values.has('sheet') ? { sheet: p.values.get('sheet') } : {}),
        onProgress: (e) => {
          if (e.phase !== phase) {
            bar?.end();
            bar = undefined;
            phase = e.phase;
            if (e.phase === 'write') bar = progress(io.stderr, PHASE_LABEL.write, e.total);
            else if (e.phase !== 'done') io.stderr.write(`${PHASE_LABEL[e.phase]}…\n`);
          }
          bar?.tick(e.done);
        },
      });
      bar?.end();
      const out = [
        `file        ${summary.file} (preset ${summary.preset} → ${summary.kind}, store ${summary.store}, company ${company})`,
        `rows read   ${summary.rowsRead}   读取行数`,
        `inserted    ${summary.inserted}   新增`,
        `replaced    ${summary.replaced}   替换`,
        `unchanged   ${summary.unchanged}   未变`,
        `refused     ${summary.refused}   拒绝`,
      ];
      io.stdout.write(`${out.join('\n')}\n`);
      for (const pr of summary.problems) io.stdout.write(`  ${describeProblem(pr)}\n`);
      if (summary.refused > 0) {
        io.stdout.write('nothing was written: fix the rows above and import again / 未写入任何数据\n');
        return 1;
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
