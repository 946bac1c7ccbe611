/** (being built) */
import { Typography } from 'antd';
import { useT } from '../i18n/index.ts';

export default function KpiDesignPage(_props: { id?: string }) {
  const { t } = useT();
  return <Typography.Title level={3}>{t('kpiDesign.title')}</Typography.Title>;
}
