/**
 * "Export CSV": a link to the server's CSV of what the view shows (the same use case answer,
 * written by the services' CSV writer), or a disabled button while there is nothing to export.
 */
export function CsvLink({ href }: { href: string | undefined }) {
  return href === undefined ? (
    <button type="button" disabled>
      Export CSV
    </button>
  ) : (
    <a className="button" href={href} download>
      Export CSV
    </a>
  );
}
