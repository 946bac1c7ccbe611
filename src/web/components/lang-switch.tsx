import { Segmented } from 'antd';
import { setLang, useT } from '../i18n/index.ts';

/** 中文 / EN; remembered in localStorage. */
export function LangSwitch() {
  const { lang } = useT();
  return (
    <Segmented
      size="small"
      value={lang}
      onChange={(v) => setLang(v as 'zh' | 'en')}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
      data-testid="lang-switch"
    />
  );
}
