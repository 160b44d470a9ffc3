using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>
/// Caps how many requests decode images at once (<see cref="LimitsOptions.MaxConcurrentDecodes"/>, by default one per
/// core) for requests over <see cref="UngatedPixels"/>: decoding is where a hostile client spends our CPU and memory, so
/// it queues like inference does, and a request that cannot get a slot before its deadline is answered 503.
/// </summary>
public sealed class DecodeGate(IOptions<LimitsOptions> limits) : IDisposable
{
    /// <summary>
    /// Requests whose images hold at most this many pixels together decode without a slot: 64 images of 64x64 (a full
    /// batch of digit-sized images). Decoding that much takes on the order of a millisecond of one core, so it cannot
    /// be used to starve the service the way megapixel uploads can, and small requests no longer wait behind them.
    /// </summary>
    public const long UngatedPixels = 64 * 64 * 64;

    private readonly SemaphoreSlim _slots = new(limits.Value.MaxConcurrentDecodes, limits.Value.MaxConcurrentDecodes);

    /// <summary>Waits for a slot; disposing the result gives it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
