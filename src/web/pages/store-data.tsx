/** (being built) */
import { Typography } from 'antd';
import { useT } from '../i18n/index.ts';

export default function StoreDataPage() {
  const { t } = useT();
  return <Typography.Title level={3}>{t('storeData.title')}</Typography.Title>;
}
