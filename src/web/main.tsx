/**
 * Entry: i18n, Ant Design theme and locale, the session, then the app shell.
 *
 * The first screen of a cold visit is the sign-in page, so only it is in the first route: the frame of
 * the signed-in pages (app-shell.tsx: menu, icons, routes) is loaded on demand, and fetched ahead while
 * the sign-in page is open so that signing in does not wait for it (docs/web.md, "Page load").
 */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from './auth.tsx';
import { useT } from './i18n/index.ts';
import { SignInPage } from './pages/sign-in.tsx';

const loadShell = () => import('./app-shell.tsx');
const AppShell = lazy(() => loadShell().then((m) => ({ default: m.AppShell })));

function Gate() {
  const { user, loading } = useAuth();
  const signedOut = !loading && !user;
  useEffect(() => {
    if (!signedOut) return;
    // after the sign-in page has painted: fetch and compile the shell while the person types
    const id = setTimeout(() => void loadShell(), 300);
    return () => clearTimeout(id);
  }, [signedOut]);
  if (loading) return <Spin fullscreen />;
  if (!user) return <SignInPage />;
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <AppShell />
    </Suspense>
  );
}

function Root() {
  const { lang } = useT();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <AuthProvider>
          <Gate />
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
