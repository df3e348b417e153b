import { useEffect, useState } from 'react';
import type { FamilyApi } from './familyApi';

/**
 * A picture or recording of a recap as a blob: URL, fetched with the family key in the
 * header (an <img src> could not send it, and a key in a URL would reach logs).
 */
export function useMaterialUrl(api: FamilyApi, materialId: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!materialId) return;
    let objectUrl: string | null = null;
    let live = true;
    api.file('familyMaterial', { params: { materialId } }).then(
      (blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, materialId]);
  return url;
}
