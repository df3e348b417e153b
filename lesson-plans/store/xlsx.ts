import writeXlsxFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';

/**
 * A report as an .xlsx workbook (write-excel-file, server side only: it never reaches the
 * classroom's browser bundle). Cells are typed, so numbers stay numbers and text is never
 * read as a formula: no guard is needed, unlike CSV.
 */
export async function reportToXlsx<T extends object>(
  rows: readonly T[],
  columns: ReadonlyArray<keyof T & string>,
  sheet: string,
): Promise<Buffer> {
  const cell = (row: T, column: keyof T & string) => {
    const raw: unknown = row[column];
    if (typeof raw === 'number') return { value: raw, type: Number };
    return { value: raw === null || raw === undefined ? '' : String(raw), type: String };
  };
  const data: SheetData = [
    columns.map((column) => ({ value: column, type: String, fontWeight: 'bold' as const })),
    ...rows.map((row) => columns.map((column) => cell(row, column))),
  ];
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31) }).toBuffer();
}
