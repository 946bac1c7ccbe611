/** "Load a file": picks a .yaml template file from disk and hands its text over (nothing is uploaded). */
import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef } from 'react';
import { useT } from '../i18n/index.ts';

export function YamlFileButton({ onYaml }: { onYaml: (text: string) => void }) {
  const { t } = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>
        {t('templates.load')}
      </Button>
      <input
        ref={fileInput}
        type="file"
        accept=".yaml,.yml,text/yaml"
        style={{ display: 'none' }}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) onYaml(await f.text());
          e.target.value = '';
        }}
      />
    </>
  );
}
