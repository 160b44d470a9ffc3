using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// Counts wrong API keys per client address (a fixed window of <see cref="ApiKeyOptions.FailedAttemptLimit"/> per
/// <see cref="ApiKeyOptions.FailedAttemptWindowSeconds"/>), so that keys cannot be guessed at line rate even while the
/// per-client rate limit is off (its default). Right keys cost nothing; once an address is over, its keyed requests are
/// refused unchecked until the window ends, so a guess's answer tells nothing.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public FailedAuthenticationLimiter(IOptions<ApiKeyOptions> options)
    {
        var settings = options.Value;
        _window = TimeSpan.FromSeconds(settings.FailedAttemptWindowSeconds);
        var window = new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.FailedAttemptLimit,
            Window = _window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => window));
    }

    /// <summary>Whether <paramref name="address"/> has no wrong attempts left in this window (and how long until it has).</summary>
    public bool IsExhausted(string address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address, 0);
        retryAfter = RetryAfter(lease);
        return !lease.IsAcquired;
    }

    /// <summary>Counts one wrong key from <paramref name="address"/>; false when that was one too many.</summary>
    public bool TryCount(string address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address, 1);
        retryAfter = RetryAfter(lease);
        return lease.IsAcquired;
    }

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;

    public void Dispose() => _limiter.Dispose();
}
