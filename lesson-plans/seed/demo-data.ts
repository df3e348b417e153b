/** Fictional schools of the fictional town of Val-de-Brume (académie de Créteil, zone C). */
export const DEMO_SCHOOLS = [
  {
    id: 'ecole-jaures',
    name: 'École élémentaire Jean-Jaurès',
    shortName: 'Jaurès',
    teachers: ['Mme Lefèvre', 'M. Benali'],
  },
  {
    id: 'ecole-curie',
    name: 'École élémentaire Marie-Curie',
    shortName: 'Curie',
    teachers: ['Mme Roux', 'Mme Nguyen'],
  },
  {
    id: 'ecole-prevert',
    name: 'École élémentaire Jacques-Prévert',
    shortName: 'Prévert',
    teachers: ['M. Garnier', 'Mme Haddad', 'Mme Colin'],
  },
  {
    id: 'ecole-moulin',
    name: 'École du Moulin',
    shortName: 'Moulin',
    teachers: ['Mme Petit', 'M. Fontaine'],
  },
  {
    id: 'ecole-tilleuls',
    name: 'École des Tilleuls',
    shortName: 'Tilleuls',
    teachers: ['Mme Marchand', 'M. Traoré'],
  },
  {
    id: 'ecole-sand',
    name: 'École élémentaire George-Sand',
    shortName: 'Sand',
    teachers: ['Mme Da Silva', 'M. Perrin', 'Mme Morel'],
  },
  {
    id: 'ecole-brume',
    name: 'École du Bord-de-Brume',
    shortName: 'Bord-de-Brume',
    teachers: ['M. Lambert', 'Mme Chevalier'],
  },
  {
    id: 'ecole-verne',
    name: 'École élémentaire Jules-Verne',
    shortName: 'Verne',
    teachers: ['Mme Gauthier', 'M. Kone'],
  },
  {
    id: 'ecole-baker',
    name: 'École élémentaire Joséphine-Baker',
    shortName: 'Baker',
    teachers: ['Mme Robin', 'M. Meyer', 'Mme Brunet'],
  },
  {
    id: 'ecole-colline',
    name: 'École de la Colline',
    shortName: 'Colline',
    teachers: ['M. Faure', 'Mme Renaud'],
  },
  {
    id: 'ecole-pagnol',
    name: 'École élémentaire Marcel-Pagnol',
    shortName: 'Pagnol',
    teachers: ['Mme Barbier', 'M. Arnaud'],
  },
] as const;

const activities = (topic: string) => [
  { title: 'Hello song and warm-up', minutes: 4, description: 'Greetings, weather and date.' },
  {
    title: `Flashcards: ${topic}`,
    minutes: 8,
    description: 'Tutor shows, pupils repeat in chorus then alone.',
  },
  {
    title: 'Game: what is missing?',
    minutes: 8,
    description: 'On the whiteboard; teams answer in English.',
  },
  {
    title: 'Pair dialogue',
    minutes: 7,
    description: 'Two pupils come to the camera and ask each other.',
  },
  { title: 'Goodbye song', minutes: 3, description: '' },
];

/** One theme per school week; vocabulary stays within CEFR A1. */
export const DEMO_THEMES = [
  {
    objectives: ['I can greet someone and say my name.'],
    vocabulary: [
      { word: 'hello', translation: 'bonjour' },
      { word: 'my name is', translation: "je m'appelle" },
    ],
    activities: activities('greetings'),
  },
  {
    objectives: ['I can count to twenty.'],
    vocabulary: [
      { word: 'twelve', translation: 'douze' },
      { word: 'twenty', translation: 'vingt' },
    ],
    activities: activities('numbers'),
  },
  {
    objectives: ['I can name colours.'],
    vocabulary: [
      { word: 'red', translation: 'rouge' },
      { word: 'yellow', translation: 'jaune' },
    ],
    activities: activities('colours'),
  },
  {
    objectives: ['I can say how old I am.'],
    vocabulary: [{ word: 'I am nine', translation: "j'ai neuf ans" }],
    activities: activities('age'),
  },
  {
    objectives: ['I can name pets and farm animals.'],
    vocabulary: [
      { word: 'cat', translation: 'chat' },
      { word: 'cow', translation: 'vache' },
    ],
    activities: activities('animals'),
  },
  {
    objectives: ['I can talk about my family.'],
    vocabulary: [
      { word: 'brother', translation: 'frère' },
      { word: 'grandmother', translation: 'grand-mère' },
    ],
    activities: activities('family'),
  },
  {
    objectives: ['I can say what I like to eat.'],
    vocabulary: [
      { word: 'apple', translation: 'pomme' },
      { word: 'I like', translation: "j'aime" },
    ],
    activities: activities('food'),
  },
  {
    objectives: ['I can describe the weather.'],
    vocabulary: [
      { word: 'rainy', translation: 'pluvieux' },
      { word: 'sunny', translation: 'ensoleillé' },
    ],
    activities: activities('weather'),
  },
];
