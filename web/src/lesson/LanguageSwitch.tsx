import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** Switches between French and English; the label names the other language in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'fr' ? 'en' : 'fr';
  return (
    <button type="button" className="small-button" lang={other} onClick={() => setLanguage(other)}>
      {t('app.language')}
    </button>
  );
}
