/**
 * Store data (店铺数据), for HR and admins: upload a platform export and import it as a background job
 * with a progress bar (rows done / total), then the outcome: rows added / replaced / unchanged, or the
 * list of bad rows with nothing written. Below, the recent imports and how far each store's facts
 * reach month by month. Every table exports to Excel.
 */
import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import type { ApiProblem } from '../api.ts';
import { ErrorAlert, errorText } from '../components/error-alert.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { followJob, type Job, JobProgress, runJob, useRunningJob } from '../components/job-progress.tsx';
import { activeOptions } from '../components/org-active-options.ts';
import { num, when } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { orgText } from '../i18n/org.ts';
import type { Store, Text } from '../types.ts';
import { useGet } from '../use-api.ts';

/**
 * The file travels base64 in JSON under the server's 2 MB body limit (docs/api.md "Jobs"), so about
 * 1.5 MB of file; bigger exports go through `shopkpi import`.
 */
const MAX_FILE_BYTES = 1_500_000;

interface Problem extends ApiProblem {
  where: { file?: string; row?: number; column?: string; value?: string; path?: string };
  fix?: Text;
}

/** What an import job answers (ImportOutcome in src/app/store-data-service.ts). */
interface ImportOutcome {
  file: string;
  preset: string;
  kind: string;
  store: string;
  rowsRead: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  refused: number;
  problems: Problem[];
  problemsTotal: number;
  batchId?: string;
}

interface ImportBatch {
  batchId: string;
  fileName: string;
  preset: string;
  kind: string;
  store: string;
  rowsRead: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  importedBy: string;
  importedAt: string;
}

interface Coverage {
  store: string;
  month: string;
  storeDays: number;
  trafficDays: number;
  adDays: number;
  agentDays: number;
  orderLines: number;
}

interface PresetInfo {
  name: string;
  title: Text;
  kind: string;
}

interface ImportForm {
  store: string;
  preset?: string;
  encoding?: string;
  sheet?: string;
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });
}

function Outcome({ out }: { out: ImportOutcome }) {
  const { t, tx } = useT();
  const refused = out.refused > 0;
  const problems = out.problems.map((p, i) => ({ ...p, key: i }));
  return (
    <Card
      size="small"
      title={t('storeData.resultTitle', { file: out.file })}
      data-testid="import-result"
      data-refused={out.refused}
      data-inserted={out.inserted}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {refused ? (
          <Alert type="error" showIcon title={t('storeData.refusedAlert', { n: out.refused })} />
        ) : (
          <Alert
            type="success"
            showIcon
            title={t('storeData.okAlert', {
              inserted: out.inserted,
              replaced: out.replaced,
              unchanged: out.unchanged,
            })}
          />
        )}
        <Descriptions size="small" column={{ xs: 2, sm: 3, md: 6 }} bordered>
          <Descriptions.Item label={t('storeData.preset')}>{out.preset}</Descriptions.Item>
          <Descriptions.Item label={t('storeData.store')}>{out.store}</Descriptions.Item>
          <Descriptions.Item label={t('storeData.rowsRead')}>
            <span data-testid="result-rows">{out.rowsRead}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('storeData.inserted')}>
            <span data-testid="result-inserted">{out.inserted}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('storeData.replaced')}>
            <span data-testid="result-replaced">{out.replaced}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('storeData.unchanged')}>
            <span data-testid="result-unchanged">{out.unchanged}</span>
          </Descriptions.Item>
          {refused && (
            <Descriptions.Item label={t('storeData.refused')}>
              <span data-testid="result-refused">{out.refused}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {problems.length > 0 && (
          <>
            {out.problemsTotal > out.problems.length && (
              <Typography.Text type="secondary">
                {t('storeData.moreProblems', { shown: out.problems.length, total: out.problemsTotal })}
              </Typography.Text>
            )}
            <ExportButton
              fileName="import-problems"
              rows={problems}
              columns={[
                { title: t('storeData.file'), value: (p) => p.where.file },
                { title: t('storeData.row'), value: (p) => p.where.row },
                { title: t('storeData.column'), value: (p) => p.where.column },
                { title: t('storeData.value'), value: (p) => p.where.value },
                { title: t('storeData.reason'), value: (p) => tx(p.message) },
                { title: t('storeData.severity'), value: (p) => p.severity },
              ]}
            />
            <Table
              size="small"
              rowKey="key"
              dataSource={problems}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: true }}
              data-testid="import-problems"
              columns={[
                {
                  title: t('storeData.file'),
                  key: 'file',
                  render: (_, p) => p.where.file,
                  responsive: ['md'],
                },
                { title: t('storeData.row'), key: 'row', render: (_, p) => p.where.row },
                { title: t('storeData.column'), key: 'column', render: (_, p) => p.where.column },
                { title: t('storeData.value'), key: 'value', render: (_, p) => p.where.value },
                {
                  title: t('storeData.reason'),
                  key: 'reason',
                  render: (_, p) => (
                    <>
                      {p.severity !== 'error' && <Tag color="gold">{t('storeData.warning')}</Tag>}
                      {tx(p.message)}
                      {p.fix ? ` — ${tx(p.fix)}` : ''}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}

export default function StoreDataPage() {
  const { t, tx, lang } = useT();
  const { message } = App.useApp();
  const stores = useGet<{ stores: Store[] }>('/api/org/stores');
  const imports = useGet<{ imports: ImportBatch[]; presets: PresetInfo[] }>('/api/store-data/imports');
  const coverage = useGet<{ coverage: Coverage[] }>('/api/store-data/coverage');
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const start = async (v: ImportForm) => {
    if (!file) {
      message.error(t('storeData.fileRequired'));
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      message.error(
        t('storeData.tooLarge', {
          size: (file.size / 1e6).toFixed(1),
          max: (MAX_FILE_BYTES / 1e6).toFixed(1),
        }),
      );
      return;
    }
    const body = {
      fileName: file.name,
      store: v.store,
      ...(v.preset ? { preset: v.preset } : {}),
      ...(v.encoding ? { encoding: v.encoding } : {}),
      ...(v.sheet ? { sheet: v.sheet } : {}),
    };
    await follow(async () =>
      runJob<ImportOutcome>('/api/jobs/import', { ...body, contentBase64: await base64Of(file) }, setJob),
    );
  };

  /** Waits for an import job (started here, or before a reload) and shows its outcome. */
  const follow = async (work: () => Promise<ImportOutcome>) => {
    setBusy(true);
    setJob(null);
    setOutcome(null);
    setFailure(null);
    try {
      const out = await work();
      setOutcome(out);
      if (out.batchId) {
        imports.reload();
        coverage.reload();
      }
    } catch (e) {
      setFailure(e);
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  // reloaded while an import ran: show that job's progress and outcome again (unless one was started meanwhile)
  useRunningJob('import', true, (running) => {
    if (!busy) void follow(() => followJob<ImportOutcome>(running, setJob));
  });

  const presets = imports.data?.presets ?? [];
  const batches = imports.data?.imports ?? [];
  const cover = coverage.data?.coverage ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="store-data-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('storeData.title')}
      </Typography.Title>
      <Card size="small" title={t('storeData.importTitle')}>
        <Typography.Paragraph type="secondary">{t('storeData.importHelp')}</Typography.Paragraph>
        <Form<ImportForm> layout="vertical" onFinish={(v) => void start(v)} style={{ maxWidth: 640 }}>
          <Form.Item label={t('storeData.file')} required>
            <Space wrap>
              <input
                ref={input}
                type="file"
                accept=".csv,.txt,.xlsx,.xlsm"
                style={{ display: 'none' }}
                data-testid="import-file"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setOutcome(null);
                  setJob(null);
                }}
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
                {t('storeData.chooseFile')}
              </Button>
              <Typography.Text data-testid="import-file-name">{file?.name ?? ''}</Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item
            name="store"
            label={t('storeData.store')}
            rules={[{ required: true, message: t('storeData.storeRequired') }]}
          >
            <Select
              data-testid="import-store"
              showSearch
              optionFilterProp="label"
              loading={stores.loading}
              // an inactive store takes no new imports (the server refuses them), so it is not offered
              options={activeOptions(
                stores.data?.stores ?? [],
                (s) => `${s.code} ${s.name}`,
                orgText(lang, 'inactive'),
              )}
            />
          </Form.Item>
          <Form.Item name="preset" label={t('storeData.preset')}>
            <Select
              allowClear
              placeholder={t('storeData.presetAuto')}
              options={presets.map((p) => ({ value: p.name, label: `${tx(p.title)} (${p.name})` }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item name="encoding" label={t('storeData.encoding')}>
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('storeData.encodingAuto')}
                options={['utf-8', 'gbk', 'gb18030'].map((x) => ({ value: x, label: x.toUpperCase() }))}
              />
            </Form.Item>
            <Form.Item name="sheet" label={t('storeData.sheet')} tooltip={t('storeData.sheetHelp')}>
              <Input style={{ width: 160 }} maxLength={100} />
            </Form.Item>
          </Space>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="import-start">
              {t('storeData.start')}
            </Button>
          </Form.Item>
        </Form>
        {job && (
          <div style={{ marginTop: 16 }}>
            <JobProgress job={job} testId="import-progress" refused={(outcome?.refused ?? 0) > 0} showTitle />
          </div>
        )}
      </Card>
      {failure !== null && <ErrorAlert error={failure} />}
      {outcome && <Outcome out={outcome} />}

      <Card size="small" title={t('storeData.recent')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('storeData.recentHelp')}</Typography.Text>
          <ErrorAlert error={imports.error} />
          <ExportButton
            fileName="imports"
            rows={batches}
            columns={[
              { title: t('storeData.importedAt'), value: (b) => when(b.importedAt) },
              { title: t('storeData.file'), value: (b) => b.fileName },
              { title: t('storeData.store'), value: (b) => b.store },
              { title: t('storeData.preset'), value: (b) => b.preset },
              { title: t('storeData.rowsRead'), value: (b) => b.rowsRead },
              { title: t('storeData.inserted'), value: (b) => b.inserted },
              { title: t('storeData.replaced'), value: (b) => b.replaced },
              { title: t('storeData.unchanged'), value: (b) => b.unchanged },
              { title: t('storeData.importedBy'), value: (b) => b.importedBy },
            ]}
          />
          <Table
            size="small"
            rowKey="batchId"
            loading={imports.loading}
            dataSource={batches}
            scroll={{ x: true }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="imports-table"
            columns={[
              { title: t('storeData.importedAt'), dataIndex: 'importedAt', render: (x: string) => when(x) },
              { title: t('storeData.file'), dataIndex: 'fileName' },
              { title: t('storeData.store'), dataIndex: 'store' },
              { title: t('storeData.preset'), dataIndex: 'preset', responsive: ['md'] },
              { title: t('storeData.rowsRead'), dataIndex: 'rowsRead', responsive: ['md'] },
              { title: t('storeData.inserted'), dataIndex: 'inserted' },
              { title: t('storeData.replaced'), dataIndex: 'replaced' },
              { title: t('storeData.unchanged'), dataIndex: 'unchanged', responsive: ['md'] },
              { title: t('storeData.importedBy'), dataIndex: 'importedBy', responsive: ['lg'] },
            ]}
          />
        </Space>
      </Card>

      <Card size="small" title={t('storeData.coverage')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('storeData.coverageHelp')}</Typography.Text>
          <ErrorAlert error={coverage.error} />
          <ExportButton
            fileName="coverage"
            rows={cover}
            columns={[
              { title: t('common.month'), value: (r) => r.month },
              { title: t('storeData.store'), value: (r) => r.store },
              { title: t('storeData.storeDays'), value: (r) => r.storeDays },
              { title: t('storeData.trafficDays'), value: (r) => r.trafficDays },
              { title: t('storeData.adDays'), value: (r) => r.adDays },
              { title: t('storeData.agentDays'), value: (r) => r.agentDays },
              { title: t('storeData.orderLines'), value: (r) => r.orderLines },
            ]}
          />
          <Table
            size="small"
            rowKey={(r) => `${r.store}/${r.month}`}
            loading={coverage.loading}
            dataSource={cover}
            scroll={{ x: true }}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            data-testid="coverage-table"
            columns={[
              { title: t('common.month'), dataIndex: 'month' },
              { title: t('storeData.store'), dataIndex: 'store' },
              { title: t('storeData.storeDays'), dataIndex: 'storeDays' },
              { title: t('storeData.trafficDays'), dataIndex: 'trafficDays', responsive: ['md'] },
              { title: t('storeData.adDays'), dataIndex: 'adDays', responsive: ['md'] },
              { title: t('storeData.agentDays'), dataIndex: 'agentDays', responsive: ['md'] },
              {
                title: t('storeData.orderLines'),
                dataIndex: 'orderLines',
                render: (n: number) => num(n, lang),
              },
            ]}
          />
        </Space>
      </Card>
    </Space>
  );
}
