import type { PlanningApi } from './api';

/**
 * Downloads an API file with the bearer header, then hands the browser a Blob URL:
 * the token never appears in a URL, a history entry or a server log.
 */
export async function downloadFile(api: PlanningApi, path: string, filename: string) {
  const response = await api.request(path);
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the click; the URL only needs to outlive this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
