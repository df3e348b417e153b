import { useTranslation } from 'react-i18next';

export function Home() {
  const { t } = useTranslation();
  return (
    <main className="screen">
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <a href="/planning">{t('home.planning')}</a>
      </p>
      <p>
        <a href="/connexion">{t('home.signin')}</a>
      </p>
    </main>
  );
}
