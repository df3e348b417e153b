export const en = {
  app: { name: 'Passerelle', language: 'Français' },
  role: {
    tutor: 'Tutor',
    classroom: 'Classroom',
    inspector: 'Inspector',
    coordinator: 'Coordinator',
  },
  phase: {
    connecting: 'Connecting to the lesson…',
    reconnecting: 'Connection lost, reconnecting…',
    left: 'You have left the lesson.',
  },
  error: {
    title: 'This link does not work',
    unauthenticated: 'The link has expired or is not valid. Ask for a new link.',
    forbidden: 'This link belongs to another lesson.',
    unavailable: 'The video server is not available right now. Try again in a minute.',
    invalid_request: 'This page is out of date. Reload it.',
    generic: 'Something went wrong: {{message}}',
    noToken: 'The link is incomplete: it has no access key.',
    retry: 'Try again',
  },
  media: {
    camera_refused:
      'The camera and microphone were refused. Allow them in the browser, then try again.',
    camera_unavailable: 'No camera or microphone was found.',
    retry: 'Try the camera again',
    enableSound: 'Tap to turn the sound on',
  },
  controls: {
    muteMic: 'Turn microphone off',
    unmuteMic: 'Turn microphone on',
    stopCamera: 'Turn camera off',
    startCamera: 'Turn camera on',
    shareScreen: 'Share screen',
    stopShare: 'Stop sharing',
    leave: 'Leave',
  },
  lesson: {
    you: 'You',
    waitingForOthers: 'Nobody else is here yet.',
    silentObserver: 'Silent observation: nobody can see or hear you.',
    participants: '{{count}} in the lesson',
    paused: 'Camera off',
  },
  home: {
    title: 'Passerelle',
    intro: 'Open the link you were given for your lesson.',
    planning: 'Coordinator: timetable and reports',
  },
};

export type Messages = typeof en;
