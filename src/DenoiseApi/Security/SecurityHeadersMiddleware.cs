namespace DenoiseApi.Security;

/// <summary>
/// Adds browser security headers to every answer. The demo page and its files get a Content-Security-Policy that
/// allows only this origin (scripts, styles, fetches) plus <c>data:</c>/<c>blob:</c> images for the canvases and
/// answers; Swagger UI gets the same but with inline styles, which it needs; API answers get <c>default-src 'none'</c>,
/// as nothing in a JSON or PNG answer should load anything.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy of the demo page: same-origin only.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Swagger UI's policy: same-origin plus the inline styles its bundle sets.</summary>
    public const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>API answers load nothing and are never framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers.ContentSecurityPolicy = PolicyFor(ctx);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static string PolicyFor(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)) return SwaggerPolicy;
        var contentType = context.Response.ContentType ?? "";
        var isPage = contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/css", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/javascript", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/javascript", StringComparison.OrdinalIgnoreCase);
        return isPage ? PagePolicy : ApiPolicy;
    }
}
