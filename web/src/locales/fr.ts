import type { Messages } from './en';

export const fr: Messages = {
  app: { name: 'Passerelle', language: 'English' },
  role: {
    tutor: 'Tuteur',
    classroom: 'Classe',
    inspector: 'Inspecteur',
    coordinator: 'Coordination',
  },
  phase: {
    connecting: 'Connexion à la leçon…',
    reconnecting: 'Connexion perdue, reconnexion…',
    left: 'Vous avez quitté la leçon.',
  },
  error: {
    title: 'Ce lien ne fonctionne pas',
    unauthenticated: 'Le lien a expiré ou n’est pas valide. Demandez un nouveau lien.',
    forbidden: 'Ce lien correspond à une autre leçon.',
    unavailable: 'Le serveur vidéo est indisponible. Réessayez dans une minute.',
    invalid_request: 'Cette page n’est plus à jour. Rechargez-la.',
    generic: 'Un problème est survenu : {{message}}',
    noToken: 'Le lien est incomplet : il manque la clé d’accès.',
    retry: 'Réessayer',
  },
  media: {
    camera_refused:
      'La caméra et le micro ont été refusés. Autorisez-les dans le navigateur, puis réessayez.',
    camera_unavailable: 'Aucune caméra ni aucun micro n’a été trouvé.',
    retry: 'Réessayer la caméra',
    enableSound: 'Touchez pour activer le son',
  },
  controls: {
    muteMic: 'Couper le micro',
    unmuteMic: 'Activer le micro',
    stopCamera: 'Couper la caméra',
    startCamera: 'Activer la caméra',
    shareScreen: 'Partager l’écran',
    stopShare: 'Arrêter le partage',
    leave: 'Quitter',
  },
  lesson: {
    you: 'Vous',
    waitingForOthers: 'Personne d’autre n’est encore là.',
    silentObserver: 'Observation silencieuse : personne ne vous voit ni ne vous entend.',
    participants: '{{count}} dans la leçon',
    paused: 'Caméra coupée',
  },
  home: {
    title: 'Passerelle',
    intro: 'Ouvrez le lien reçu pour votre leçon.',
    planning: 'Coordination : emploi du temps et rapports',
  },
};
