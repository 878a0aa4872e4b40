/**
 * The JSON log lines written while the capture runs. The spies pass every write through, so the
 * leak guard, which wraps the same streams, still sees and checks each line.
 */
export function captureLogs(): { stop: () => Array<Record<string, unknown>> } {
  const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
  return {
    stop: () => {
      const lines = spies
        .flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.startsWith('{"level":'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      spies.forEach((spy) => spy.mockRestore());
      return lines;
    },
  };
}
