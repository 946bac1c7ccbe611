/**
 * 导入考核表 (#/templates/import): upload the company's Excel/CSV score sheet, see each row's original
 * text beside its reading and the points at sample actuals, choose readings, write the rules that were
 * not read, and save as a template; then the sheet's points and the saved template's, side by side.
 *
 * The page holds the draft (the server keeps none): every change sends the draft, the choices and the
 * sample cases to /api/sheets/view, and every number shown is the server's answer.
 */
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Form, Input, Space, Spin, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, post } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { SheetComparison } from '../components/sheet-comparison.tsx';
import { ProblemList, UploadError } from '../components/sheet-problems.tsx';
import { SheetRowsTable } from '../components/sheet-rows-table.tsx';
import { useT } from '../i18n/index.ts';
import type { Comparison, SampleCase, SheetChoice, SheetState, SheetView } from '../types.ts';

interface Saved {
  template: { id: string; version: string };
  comparison: Comparison;
}

interface SaveForm {
  id: string;
  version: string;
  family: string;
  effective: string;
  reason: string;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'network', { zh: String(e), en: String(e) }, []);
}

export default function SheetImportPage() {
  const { t, tx } = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const canSave = user?.role === 'hr' || user?.role === 'admin';
  const [worksheet, setWorksheet] = useState('');
  const [state, setState] = useState<SheetState | null>(null);
  const [view, setView] = useState<SheetView | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [viewError, setViewError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [form] = Form.useForm<SaveForm>();
  const seq = useRef(0);

  // Recompute on every change of choices or sample cases; a slower, older answer never overwrites a newer one.
  useEffect(() => {
    if (!state) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setBusy(true);
      post<SheetView>('/api/sheets/view', state)
        .then((v) => {
          if (mine !== seq.current) return;
          setView(v);
          setViewError(null);
        })
        .catch((e: unknown) => {
          if (mine === seq.current) setViewError(asApiError(e));
        })
        .finally(() => {
          if (mine === seq.current) setBusy(false);
        });
    }, 250);
    return () => clearTimeout(timer);
  }, [state]);

  const upload = async (file: File) => {
    setBusy(true);
    setUploadError(null);
    setSaved(null);
    setSaveError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const out = await post<SheetState & { view: SheetView }>('/api/sheets/draft', {
        file: file.name,
        contentBase64: toBase64(bytes),
        ...(worksheet.trim() ? { sheet: worksheet.trim() } : {}),
      });
      const { view: first, ...rest } = out;
      seq.current++;
      setView(first);
      setState(rest);
      const eff = rest.draft.effective;
      form.setFieldsValue({
        id: rest.draft.id,
        version: `${eff.slice(0, 4)}.${Number(eff.slice(5, 7))}`,
        family: rest.draft.family,
        effective: eff,
        reason: '',
      });
    } catch (e) {
      setUploadError(asApiError(e));
      setState(null);
      setView(null);
    } finally {
      setBusy(false);
    }
  };

  const setChoice = (id: string, choice: SheetChoice | null) => {
    if (!state) return;
    const choices = { ...state.choices };
    if (choice) choices[id] = choice;
    else delete choices[id];
    setSaved(null);
    setState({ ...state, choices });
  };
  const setCases = (cases: SampleCase[]) => {
    if (!state) return;
    setSaved(null);
    setState({ ...state, cases });
  };

  const save = async () => {
    if (!state) return;
    const f = await form.validateFields();
    setSaving(true);
    setSaveError(null);
    try {
      const out = await post<Saved>('/api/sheets/save', {
        ...state,
        id: f.id,
        version: f.version,
        family: f.family,
        effective: f.effective,
        ...(f.reason.trim() ? { reason: f.reason.trim() } : {}),
      });
      setSaved(out);
      message.success(t('sheetImport.saved', { id: out.template.id, version: out.template.version }));
    } catch (e) {
      setSaveError(asApiError(e));
    } finally {
      setSaving(false);
    }
  };

  const s = view?.summary;
  const blockers = view?.blockers ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sheet-import-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('sheetImport.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sheetImport.intro')}
      </Typography.Paragraph>
      {!canSave ? <Alert type="info" showIcon title={t('sheetImport.readOnly')} /> : null}

      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            style={{ maxWidth: 320 }}
            placeholder={t('sheetImport.worksheet')}
            value={worksheet}
            onChange={(e) => setWorksheet(e.target.value)}
            data-testid="sheet-worksheet"
          />
          <Upload.Dragger
            accept=".xlsx,.xlsm,.csv"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            data-testid="sheet-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('sheetImport.upload')}</p>
            <p className="ant-upload-hint">{t('sheetImport.uploadHint')}</p>
          </Upload.Dragger>
          {uploadError ? <UploadError error={uploadError} /> : null}
        </Space>
      </Card>

      {busy && !view ? <Spin description={t('sheetImport.reading')} /> : null}

      {view && state && s ? (
        <>
          <Alert
            type={s.unresolved ? 'warning' : 'success'}
            showIcon
            data-testid="sheet-summary"
            data-unresolved={blockers.length}
            title={t('sheetImport.summary', {
              file: view.source.file + (view.source.sheet ? ` / ${view.source.sheet}` : ''),
              total: view.rows.length,
              read: s.read,
              ambiguous: s.ambiguous,
              refused: s.refused,
              header: view.source.headerRow,
            })}
          />
          {view.notes.length ? (
            <Collapse
              size="small"
              items={[
                {
                  key: 'notes',
                  label: t('sheetImport.notes'),
                  children: (
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {view.notes.map((n) => (
                        <li key={n.en}>{tx(n)}</li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          ) : null}
          {viewError ? <UploadError error={viewError} /> : null}

          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('sheetImport.rowsTitle')} {busy ? <Spin size="small" /> : null}
          </Typography.Title>
          <SheetRowsTable rows={view.rows} cases={view.cases} choices={state.choices} onChoice={setChoice} />

          <Card size="small">
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('sheetImport.samplesHelp')}
            </Typography.Paragraph>
            <SheetComparison
              title={t('sheetImport.draftTitle')}
              indicators={view.rows.filter((r) => !r.dropped)}
              cases={state.cases}
              comparison={view.comparison}
              onCases={setCases}
              testId="draft-comparison"
            />
          </Card>

          {canSave ? (
            <Card size="small" title={t('sheetImport.saveTitle')} data-testid="sheet-save">
              {blockers.length ? (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="save-blockers"
                  title={t('sheetImport.saveBlocked', { n: blockers.length })}
                  description={<ProblemList problems={blockers} />}
                  style={{ marginBottom: 12 }}
                />
              ) : (
                <Alert
                  type="success"
                  showIcon
                  title={t('sheetImport.saveReady')}
                  style={{ marginBottom: 12 }}
                />
              )}
              <Form form={form} layout="inline" style={{ rowGap: 8 }}>
                <Form.Item
                  name="id"
                  label={t('sheetImport.templateId')}
                  rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]*$/ }]}
                >
                  <Input style={{ width: 200 }} data-testid="save-id" />
                </Form.Item>
                <Form.Item name="version" label={t('sheetImport.version')} rules={[{ required: true }]}>
                  <Input style={{ width: 100 }} data-testid="save-version" />
                </Form.Item>
                <Form.Item name="family" label={t('sheetImport.family')} rules={[{ required: true }]}>
                  <Input style={{ width: 120 }} data-testid="save-family" />
                </Form.Item>
                <Form.Item
                  name="effective"
                  label={t('sheetImport.effective')}
                  rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
                >
                  <Input style={{ width: 120 }} data-testid="save-effective" />
                </Form.Item>
                <Form.Item name="reason" label={t('sheetImport.reason')}>
                  <Input style={{ width: 240 }} data-testid="save-reason" />
                </Form.Item>
                <Form.Item>
                  <Button
                    type="primary"
                    disabled={blockers.length > 0 || busy}
                    loading={saving}
                    onClick={() => void save()}
                    data-testid="save-template"
                  >
                    {t('sheetImport.save')}
                  </Button>
                </Form.Item>
              </Form>
              {saveError ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={tx(saveError.text)}
                  description={
                    saveError.problems.length ? <ProblemList problems={saveError.problems} /> : undefined
                  }
                />
              ) : null}
            </Card>
          ) : null}

          {saved ? (
            <Card size="small" data-testid="sheet-saved">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Alert
                  type="success"
                  showIcon
                  title={t('sheetImport.saved', { id: saved.template.id, version: saved.template.version })}
                  action={
                    <Button size="small" href={`#/templates/${saved.template.id}/${saved.template.version}`}>
                      {t('sheetImport.openTemplate')}
                    </Button>
                  }
                />
                <SheetComparison
                  title={t('sheetImport.savedTitle')}
                  indicators={view.rows.filter((r) => !r.dropped)}
                  cases={state.cases}
                  comparison={saved.comparison}
                  testId="saved-comparison"
                />
              </Space>
            </Card>
          ) : null}
        </>
      ) : null}
    </Space>
  );
}
