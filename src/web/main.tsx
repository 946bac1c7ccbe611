/** Entry: i18n, Ant Design theme and locale, the session, then the app shell. */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app-shell.tsx';
import { AuthProvider } from './auth.tsx';
import { useT } from './i18n/index.ts';

function Root() {
  const { lang } = useT();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <AuthProvider>
          <AppShell />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
