import { useTranslation } from 'react-i18next';

const KNOWN_CODES = new Set([
  'unauthenticated',
  'forbidden',
  'unavailable',
  'invalid_request',
  'replaced',
]);

export function ErrorScreen({ code, message }: { code: string; message: string }) {
  const { t } = useTranslation();
  const text = KNOWN_CODES.has(code)
    ? t(`error.${code}`)
    : code === 'no_token'
      ? t('error.noToken')
      : t('error.generic', { message });
  return (
    <main
      className="screen error-screen"
      role="alert"
      data-testid="error-screen"
      data-error-code={code}
    >
      <h1>{t('error.title')}</h1>
      <p>{text}</p>
      <button type="button" className="big-button" onClick={() => window.location.reload()}>
        {t('error.retry')}
      </button>
    </main>
  );
}
