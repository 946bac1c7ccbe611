import { Alert } from 'antd';
import { ApiError } from '../api.ts';
import { useT } from '../i18n/index.ts';

/** Shows an API error in the current language, with each problem the server listed. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { tx } = useT();
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <Alert
        type="error"
        showIcon
        title={tx(error.text)}
        description={
          error.problems.length > 0 ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {error.problems.map((p, i) => (
                // problems have no id; their order is the server's
                // biome-ignore lint/suspicious/noArrayIndexKey: stable list from one answer
                <li key={i}>
                  {p.where?.path ? `${String(p.where.path)}: ` : ''}
                  {tx(p.message)}
                </li>
              ))}
            </ul>
          ) : undefined
        }
        style={{ marginBottom: 12 }}
      />
    );
  }
  return <Alert type="error" showIcon title={String(error)} style={{ marginBottom: 12 }} />;
}

/** The message of any thrown value in the current language, for antd `message.error`. */
export function errorText(e: unknown, lang: 'zh' | 'en'): string {
  if (e instanceof ApiError) {
    const extra = e.problems.map((p) => p.message[lang]).join('; ');
    return extra ? `${e.text[lang]}: ${extra}` : e.text[lang];
  }
  return String(e);
}
