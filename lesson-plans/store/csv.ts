/**
 * CSV that a spreadsheet opens with a double click. French Excel reads UTF-8 only with a
 * BOM, splits columns on ';' and reads '12,5' as a number; English Excel wants ',' and
 * '12.5'. Numbers stay numbers (never quoted or prefixed), so a negative figure is not
 * mistaken for a formula; only text cells are guarded.
 */
export type CsvLocale = 'fr' | 'en';

const SEPARATORS: Record<CsvLocale, { field: string; decimal: string }> = {
  fr: { field: ';', decimal: ',' },
  en: { field: ',', decimal: '.' },
};
const BOM = '\uFEFF';
/** Text starting with these is run as a formula (or a DDE payload) by spreadsheet apps. */
const FORMULA_START = /^[=+\-@\t\r;]/;

export type CsvCell = string | number | null;

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>, locale: CsvLocale = 'fr') {
  const { field, decimal } = SEPARATORS[locale];
  const needsQuotes = new RegExp(`["\\r\\n${field === ';' ? ';' : ','}]`);
  const cell = (value: CsvCell): string => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value).replace('.', decimal);
    const text = FORMULA_START.test(value) ? `'${value}` : value;
    return needsQuotes.test(text) || text.includes(field) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return BOM + rows.map((row) => row.map(cell).join(field)).join('\r\n') + '\r\n';
}

/** Column order is the object's key order, so the CSV matches the JSON report. */
export function reportToCsv<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<keyof T & string>,
  locale: CsvLocale = 'fr',
): string {
  const value = (row: T, column: keyof T & string): CsvCell => {
    const raw: unknown = row[column];
    return typeof raw === 'number' || raw === null ? raw : String(raw);
  };
  return toCsv(
    [columns, ...rows.map((row) => columns.map((column) => value(row, column)))],
    locale,
  );
}
