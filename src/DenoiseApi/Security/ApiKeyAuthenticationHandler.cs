using System.Security.Claims;
using System.Text.Encodings.Web;
using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// The API-key scheme. A request carrying an accepted key in <see cref="ApiKeyOptions.HeaderName"/> is authenticated
/// as the key's fingerprint (the <see cref="ClaimTypes.Name"/> the rate limiter and the request log use); no key is no
/// result, so open endpoints answer as before. A wrong key counts against the sender's address in the
/// <see cref="FailedAuthenticationLimiter"/>; an address over that limit is refused (429) before its key is checked.
/// The challenge (an endpoint's policy needed a key) answers 401 or 429 ProblemDetails from the one table.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, FailedAuthenticationLimiter failedAttempts, ServiceMetrics metrics)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Options.Enabled) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = Request.Headers[ApiKeyOptions.HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0])) return Task.FromResult(AuthenticateResult.NoResult());

        var address = ClientIdentity.AddressOf(Context);
        if (failedAttempts.IsExhausted(address, out var retryAfter)) return Fail(ApiKeyRejection.TooManyAttempts(retryAfter));
        if (presented.Count > 1 || !keys.TryValidate(presented[0]!, out var clientId))
        {
            return Fail(failedAttempts.TryCount(address, out retryAfter)
                ? ApiKeyRejection.WrongKey
                : ApiKeyRejection.TooManyAttempts(retryAfter));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, clientId)], Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejection = (await HandleAuthenticateOnceSafeAsync()).Failure as ApiKeyRejection;
        if (rejection?.RetryAfter is { } retryAfter)
        {
            metrics.Refused(ServiceMetrics.Reasons.RateLimited);
            await Problems.WriteAsync(Context, new Failure(FailureKind.RateLimited,
                $"This address sent too many wrong API keys; retry after {Problems.Seconds(retryAfter)} s."), retryAfter);
            return;
        }
        metrics.Refused(ServiceMetrics.Reasons.Unauthorized);
        Response.Headers.WWWAuthenticate = $"{Scheme.Name} header=\"{ApiKeyOptions.HeaderName}\"";
        await Problems.WriteAsync(Context, new Failure(FailureKind.Unauthorized, rejection is null
            ? $"Send an API key in the {ApiKeyOptions.HeaderName} header."
            : $"The key in the {ApiKeyOptions.HeaderName} header is not accepted."));
    }

    private static Task<AuthenticateResult> Fail(ApiKeyRejection rejection) => Task.FromResult(AuthenticateResult.Fail(rejection));
}

/// <summary>Why a presented key was not accepted: a wrong key, or (with a wait) too many wrong keys from the address.</summary>
internal sealed class ApiKeyRejection : Exception
{
    private ApiKeyRejection(string message, TimeSpan? retryAfter) : base(message) => RetryAfter = retryAfter;

    public static ApiKeyRejection WrongKey { get; } = new("The API key is not accepted.", null);

    public static ApiKeyRejection TooManyAttempts(TimeSpan retryAfter) => new("Too many wrong API keys from this address.", retryAfter);

    /// <summary>Set when the address is over its failed-attempt limit: how long until it may try again.</summary>
    public TimeSpan? RetryAfter { get; }
}
