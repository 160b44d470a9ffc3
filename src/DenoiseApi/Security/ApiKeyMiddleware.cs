using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// With <see cref="ApiKeyOptions.Enabled"/>, answers 401 ProblemDetails to any request outside the open paths that
/// lacks an accepted key in <c>X-Api-Key</c>; an accepted key becomes the request's <see cref="ApiClient"/> and user.
/// With keys off it does nothing.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, IOptions<ApiKeyOptions> options)
{
    private const string Scheme = "ApiKey";
    private readonly string[] _openPaths = options.Value.OpenPaths.ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (!keys.Enabled || IsOpen(context)) return next(context);

        var presented = context.Request.Headers[ApiKeyOptions.HeaderName];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
            return EdgeProblems.WriteUnauthorizedAsync(context, $"Send an API key in the {ApiKeyOptions.HeaderName} header.");
        if (presented.Count > 1 || !keys.TryValidate(presented[0]!, out var clientId))
            return EdgeProblems.WriteUnauthorizedAsync(context, $"The key in the {ApiKeyOptions.HeaderName} header is not accepted.");

        context.Features.Set(new ApiClient(clientId));
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, clientId)], Scheme));
        return next(context);
    }

    /// <summary>CORS preflights, the demo page at <c>/</c>, the open prefixes and endpoints marked anonymous pass.</summary>
    private bool IsOpen(HttpContext context)
    {
        if (HttpMethods.IsOptions(context.Request.Method)) return true;
        var path = context.Request.Path;
        if (!path.HasValue || path.Value == "/") return true;
        foreach (var prefix in _openPaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    }
}
