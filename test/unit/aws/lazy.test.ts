import { lazyUntilFailed } from '../../../lib/aws/lazy';

describe('lazyUntilFailed', () => {
  it('loads once however many callers ask, before and after the load ends', async () => {
    // Prepare
    const load = jest.fn(async () => ({ client: 'one' }));
    const get = lazyUntilFailed(load);

    // Act
    const [first, second] = await Promise.all([get(), get()]);
    const later = await get();

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(later).toBe(first);
  });

  it('does not keep a failed load: the next call loads again', async () => {
    // Prepare
    const load = jest.fn<Promise<string>, []>().mockRejectedValueOnce(new Error('module not found')).mockResolvedValueOnce('loaded');
    const get = lazyUntilFailed(load);
    await expect(get()).rejects.toThrow('module not found');

    // Act
    const retried = await get();

    // Assess
    expect(retried).toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
