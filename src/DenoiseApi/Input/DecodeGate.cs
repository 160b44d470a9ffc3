using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>
/// Caps how many requests decode images at once (<see cref="LimitsOptions.MaxConcurrentDecodes"/>, by default one per
/// core): decoding is where a hostile client spends our CPU and memory, so it queues like inference does, and a request
/// that cannot get a slot before its deadline is answered 503.
/// </summary>
public sealed class DecodeGate(IOptions<LimitsOptions> limits) : IDisposable
{
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
