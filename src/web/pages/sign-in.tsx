/** Sign-in: login and password; the server sets the session cookie and hands back the CSRF token. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { LangSwitch } from '../components/lang-switch.tsx';
import { useT } from '../i18n/index.ts';

export function SignInPage() {
  const { signIn } = useAuth();
  const { t } = useT();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.login, v.password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
        padding: 12,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <LangSwitch />
        </Space>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        <ErrorAlert error={error} />
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item
            name="login"
            label={t('signIn.login')}
            rules={[{ required: true, message: t('signIn.loginRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
