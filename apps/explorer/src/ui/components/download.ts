/** Saves a Blob as a file through a temporary object URL (allowed by the CSP). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * One CSV field. Fields are quoted when needed, and text that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) is prefixed with an apostrophe: excerpt text and
 * labels are user content.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Builds a CSV document (RFC 4180 line ends) from rows of fields. */
export function toCsv(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Downloads rows as a UTF-8 CSV file (with a BOM, so spreadsheets read the encoding right). */
export function downloadCsv(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
  filename: string,
): void {
  download(new Blob(['\ufeff', toCsv(rows)], { type: 'text/csv;charset=utf-8' }), filename);
}

/** Downloads a canvas as PNG on a white background. */
export function downloadCanvasPng(canvas: HTMLCanvasElement, filename: string): void {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (ctx === null) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  copy.toBlob((blob) => {
    if (blob !== null) download(blob, filename);
  }, 'image/png');
}

/** A file name from parts: `fixture-ips-matrix-role-form.csv`. */
export function fileName(parts: readonly (string | undefined)[], ext: string): string {
  const base = parts
    .filter((p): p is string => p !== undefined && p.length > 0)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base}.${ext}`;
}
