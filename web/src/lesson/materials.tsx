import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/** Loads one lesson material's bytes with the page's own credential. */
export type MaterialLoader = (materialId: string) => Promise<Blob>;

const MaterialContext = createContext<MaterialLoader | null>(null);

/**
 * Pushed content names a material by id only; every viewer fetches it with its own
 * token (a header, never a URL) and shows it through a blob: URL, so no credential
 * reaches the board, the other participants or a log (issue 8, row 1).
 */
export function MaterialProvider({
  load,
  children,
}: {
  load: MaterialLoader;
  children: ReactNode;
}) {
  return <MaterialContext.Provider value={load}>{children}</MaterialContext.Provider>;
}

/**
 * The blob: URL of a material once loaded; undefined while loading, without one, or on
 * failure. Each user of a material holds its own URL and revokes it when it unmounts or
 * shows another material, so the bytes are freed with the last picture that shows them.
 */
export function useMaterialUrl(materialId: string | undefined): string | undefined {
  const load = useContext(MaterialContext);
  const [loaded, setLoaded] = useState<{ id: string; url: string } | null>(null);
  useEffect(() => {
    if (!materialId || !load) return;
    let url: string | undefined;
    let current = true;
    load(materialId).then(
      (blob) => {
        if (!current) return;
        url = URL.createObjectURL(blob);
        setLoaded({ id: materialId, url });
      },
      () => undefined,
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [load, materialId]);
  return loaded && loaded.id === materialId ? loaded.url : undefined;
}
