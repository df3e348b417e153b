// The families' page (issue 13, item 2): lazily loaded by main.tsx for /familles/<class>.
export { FamilyPage } from './FamilyPage';
