/** (being built) */
import { Typography } from 'antd';
import { useT } from '../i18n/index.ts';

export default function LedgerPage() {
  const { t } = useT();
  return <Typography.Title level={3}>{t('ledger.title')}</Typography.Title>;
}
