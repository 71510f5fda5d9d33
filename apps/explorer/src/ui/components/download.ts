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
