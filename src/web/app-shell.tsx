/**
 * The frame every signed-in page lives in: a menu chosen by role, the language switch, sign-out, and
 * the routes. Every page except sign-in is loaded on demand to keep the first route small.
 */
import {
  AccountBookOutlined,
  AuditOutlined,
  CalendarOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  LogoutOutlined,
  NodeIndexOutlined,
  OrderedListOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useAuth } from './auth.tsx';
import { LangSwitch } from './components/lang-switch.tsx';
import { useT } from './i18n/index.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { match, navigate, useRoute } from './router.ts';
import type { Role } from './types.ts';

const MyPage = lazy(() => import('./pages/my-page.tsx'));
const TeamPage = lazy(() => import('./pages/team.tsx'));
const OrgPage = lazy(() => import('./pages/organisation.tsx'));
const TemplatesPage = lazy(() => import('./pages/templates.tsx'));
const TemplateViewPage = lazy(() => import('./pages/template-view.tsx'));
const MonthsPage = lazy(() => import('./pages/months.tsx'));
const MonthPage = lazy(() => import('./pages/month.tsx'));
const FormPage = lazy(() => import('./pages/form.tsx'));
const ResultsPage = lazy(() => import('./pages/results.tsx'));
const AuditPage = lazy(() => import('./pages/audit.tsx'));
const KpiDesignPage = lazy(() => import('./pages/kpi-design.tsx'));
const SheetImportPage = lazy(() => import('./pages/sheet-import.tsx'));
const StoreDataPage = lazy(() => import('./pages/store-data.tsx'));
const LedgerPage = lazy(() => import('./pages/ledger.tsx'));

type MenuKey =
  | 'me'
  | 'team'
  | 'months'
  | 'org'
  | 'data'
  | 'templates'
  | 'design'
  | 'results'
  | 'ledger'
  | 'audit';

const MENUS: Record<Role, MenuKey[]> = {
  employee: ['me'],
  supervisor: ['me', 'team', 'templates', 'design'],
  hr: ['months', 'org', 'data', 'templates', 'design', 'results', 'ledger', 'audit', 'me'],
  admin: ['months', 'org', 'data', 'templates', 'design', 'results', 'ledger', 'audit'],
  committee: ['months', 'templates', 'design', 'results', 'org'],
};

const ICONS: Record<MenuKey, ReactNode> = {
  me: <UserOutlined />,
  team: <TeamOutlined />,
  months: <CalendarOutlined />,
  org: <OrderedListOutlined />,
  templates: <FileTextOutlined />,
  design: <NodeIndexOutlined />,
  data: <DatabaseOutlined />,
  ledger: <AccountBookOutlined />,
  results: <TrophyOutlined />,
  audit: <AuditOutlined />,
};

function pageFor(path: string): ReactNode {
  if (path === '/me' || path.startsWith('/me?')) return <MyPage />;
  if (path === '/team') return <TeamPage />;
  if (path === '/org') return <OrgPage />;
  if (path === '/templates') return <TemplatesPage />;
  if (path === '/months') return <MonthsPage />;
  if (path === '/results') return <ResultsPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/templates/import') return <SheetImportPage />;
  if (path === '/design') return <KpiDesignPage />;
  if (path === '/data') return <StoreDataPage />;
  if (path === '/ledger') return <LedgerPage />;
  const dp = match('/design/:id', path);
  if (dp) return <KpiDesignPage key={path} id={dp.id!} />;
  const tv = match('/templates/:id/:version', path);
  if (tv) return <TemplateViewPage key={path} id={tv.id!} version={tv.version!} />;
  const mo = match('/months/:month', path);
  if (mo) return <MonthPage key={path} month={mo.month!} />;
  const fo = match('/months/:month/forms/:employee', path);
  // keyed so that moving to another person's form starts from a clean state
  if (fo) return <FormPage key={path} month={fo.month!} employee={fo.employee!} />;
  return null;
}

export function AppShell() {
  const { user, loading, signOut } = useAuth();
  const { t } = useT();
  const path = useRoute();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;

  const keys = user ? MENUS[user.role].filter((k) => k !== 'me' || user.employee) : [];
  const home = keys[0] ?? 'me';
  useEffect(() => {
    if (user && path === '/') navigate(`/${home}`);
  }, [user, path, home]);

  if (loading) return <Spin fullscreen />;
  if (!user) return <SignInPage />;

  const selected = keys.find((k) => path === `/${k}` || path.startsWith(`/${k}/`)) ?? '';
  const page = pageFor(path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: narrow ? 12 : 24,
          background: '#001529',
        }}
      >
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          items={keys.map((k) => ({ key: k, icon: ICONS[k], label: t(`menu.${k}`) }))}
          onClick={(e) => navigate(`/${e.key}`)}
          data-testid="main-menu"
        />
        <Space size="small">
          <LangSwitch />
          {!narrow &&
            // with many menu items "my page" can fall into the menu's overflow: the name leads there too
            (user.employee ? (
              <Typography.Link href="#/me" style={{ color: '#fff' }} title={t('menu.me')} data-testid="who">
                {user.name} · {t(`role.${user.role}`)}
              </Typography.Link>
            ) : (
              <Typography.Text style={{ color: '#fff' }} data-testid="who">
                {user.name} · {t(`role.${user.role}`)}
              </Typography.Text>
            ))}
          <Button
            size="small"
            icon={<LogoutOutlined />}
            onClick={() => void signOut()}
            aria-label={t('app.signOut')}
            data-testid="sign-out"
          >
            {narrow ? null : t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: narrow ? 8 : 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
          {page ?? <Result status="404" title={t('app.notFound')} />}
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
