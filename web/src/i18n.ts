import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { fr } from './locales/fr';

export type Language = 'fr' | 'en';

/** French for classrooms, inspectors and coordinators; English for the tutor. Each can switch. */
export function defaultLanguageFor(role: string | undefined): Language {
  return role === 'tutor' ? 'en' : 'fr';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: 'fr',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export { i18next };
