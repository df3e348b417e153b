/**
 * Downloads an API file fetched with the bearer header (the contract client's `file`),
 * then hands the browser a Blob URL: the token never appears in a URL, a history entry
 * or a server log.
 */
export async function downloadFile(content: Promise<Blob>, filename: string) {
  const url = URL.createObjectURL(await content);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the click; the URL only needs to outlive this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
