import { useT } from "./i18n";

/**
 * "Export CSV" for a list, with the list's current filters. A plain link, not a client-side
 * navigation: the file is a download.
 */
export function ExportLink({ path, params }: { path: string; params: URLSearchParams }) {
  const t = useT();
  return (
    <p>
      <a href={`${path}?${params.toString()}`} download aria-describedby="export-hint">
        {t("export.link")}
      </a>{" "}
      <span id="export-hint" className="hint">
        {t("export.link.hint")}
      </span>
    </p>
  );
}
