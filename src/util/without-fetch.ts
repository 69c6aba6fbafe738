/**
 * Runs `load` with `globalThis.fetch` hidden. Ink's layout engine (yoga-layout, compiled with
 * Emscripten) decodes its WebAssembly with fetch() on a data: URL whenever fetch exists, which loads
 * Node's whole fetch implementation (undici) at start-up, some 30 ms; without fetch it decodes the
 * same bytes itself. The property is put back as it was (Node's lazy getter) once Ink has loaded, so
 * the LLM client finds fetch when `l` asks Claude.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!original?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', original);
  }
}
