// The pupil at home's page (issue 13, item 1), loaded lazily by App.tsx.
export { PupilPage } from './PupilPage';
