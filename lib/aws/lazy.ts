/**
 * `load`, run on the first call and its promise shared by every later one, unless it rejected: a
 * failed load is not kept, so the next call tries again (a module that failed to load, a store that
 * is not configured).
 */
export function lazyUntilFailed<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    if (!loaded) {
      const loading = load();
      loaded = loading;
      loading.catch(() => {
        if (loaded === loading) loaded = undefined;
      });
    }
    return loaded;
  };
}
