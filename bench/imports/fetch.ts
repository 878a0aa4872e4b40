/** Node's built-in fetch (undici, loaded on first use): no import, one GET to the emulator. */
export async function firstUse(url: string): Promise<string> {
  return (await fetch(`${url}/bench/first-use`)).text();
}
