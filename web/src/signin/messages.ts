import type { SignInOutcome } from '../../../lesson-plans/contract/ent';

/** French first, then English: the page is read by French staff and by tutors in Oxford. */
export interface Bilingual {
  fr: string;
  en: string;
}

export const SIGN_IN_TEXT = {
  title: { fr: 'Connexion', en: 'Sign in' },
  intro: {
    fr: 'Connectez-vous avec le compte de votre ENT.',
    en: "Sign in with your school network's (ENT) account.",
  },
  button: { fr: 'Se connecter avec', en: 'Sign in with' },
  none: {
    fr: "Aucun ENT n'est configuré : utilisez le lien reçu par e-mail.",
    en: 'No ENT is configured: use the link you received by e-mail.',
  },
  exchanging: { fr: 'Connexion en cours…', en: 'Signing in…' },
  codeFailed: {
    fr: 'Ce lien de connexion a déjà servi ou a expiré. Reconnectez-vous.',
    en: 'This sign-in link was already used or has expired. Please sign in again.',
  },
} satisfies Record<string, Bilingual>;

/** What the sign-in page says for each outcome the server sends back in `#error=`. */
export const OUTCOME_TEXT: Record<SignInOutcome, Bilingual> = {
  refused: {
    fr: "Votre compte ENT n'est pas connu de Passerelle. Demandez à la coordination de vous ajouter.",
    en: 'Passerelle does not know your ENT account. Ask the coordination to add you.',
  },
  held: {
    fr: 'Votre demande est enregistrée : la coordination doit la valider. Réessayez ensuite.',
    en: 'Your request is recorded: the coordination must approve it. Try again afterwards.',
  },
  rejected: {
    fr: "L'ENT n'a pas confirmé votre connexion. Réessayez.",
    en: 'The ENT did not confirm your sign-in. Please try again.',
  },
  expired: {
    fr: 'La connexion a pris trop de temps ou a été ouverte ailleurs. Réessayez.',
    en: 'The sign-in took too long or was opened elsewhere. Please try again.',
  },
  busy: {
    fr: 'Trop de tentatives : patientez une minute.',
    en: 'Too many attempts: please wait a minute.',
  },
  unavailable: {
    fr: "L'ENT ne répond pas pour le moment. Réessayez plus tard.",
    en: 'The ENT is not answering right now. Please try again later.',
  },
};
