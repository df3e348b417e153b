import { i18next } from '../i18n';
import { en } from './strings-en';
import { fr } from './strings-fr';

/** Registered once, merged into the app's bundle under `planning.*`. */
export function registerPlanningStrings(): void {
  i18next.addResourceBundle('fr', 'translation', { planning: fr }, true, true);
  i18next.addResourceBundle('en', 'translation', { planning: en }, true, true);
}
