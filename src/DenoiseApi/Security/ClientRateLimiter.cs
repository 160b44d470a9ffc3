using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// Configures ASP.NET Core's rate limiter from <see cref="RateLimitingOptions"/>: a global limiter partitioned by
/// client with one token bucket each, and a 429 ProblemDetails answer with <c>Retry-After</c> on refusal.
/// </summary>
internal sealed class ClientRateLimiter(IOptions<RateLimitingOptions> options) : IConfigureOptions<RateLimiterOptions>
{
    private readonly RateLimitingOptions _options = options.Value;

    public void Configure(RateLimiterOptions limiter)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.TokenLimit,
            TokensPerPeriod = _options.TokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(_options.ReplenishmentPeriodSeconds),
            QueueLimit = _options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
        var exempt = _options.ExemptPaths.ToArray();

        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!_options.Enabled || IsExempt(context.Request.Path, exempt))
                return RateLimitPartition.GetNoLimiter("exempt");
            return RateLimitPartition.GetTokenBucketLimiter(ClientIdentity.Of(context), _ => bucket);
        });
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : bucket.ReplenishmentPeriod;
            rejected.HttpContext.RequestServices.GetService<ServiceMetrics>()?.Refused(ServiceMetrics.Reasons.RateLimited);
            return new ValueTask(Problems.WriteAsync(rejected.HttpContext, new Failure(FailureKind.RateLimited,
                $"This client is over its request rate; retry after {Problems.Seconds(retryAfter)} s."), retryAfter));
        };
    }

    private static bool IsExempt(PathString path, string[] exempt)
    {
        foreach (var prefix in exempt)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
