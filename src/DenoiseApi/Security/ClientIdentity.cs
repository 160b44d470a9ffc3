namespace DenoiseApi.Security;

/// <summary>Who a request counts as, for the rate limit and the request log.</summary>
public static class ClientIdentity
{
    /// <summary>
    /// The accepted API key's fingerprint, else the client's address ("ip-" and the address, taken from
    /// X-Forwarded-For only when the connection comes from a trusted proxy). A key that was not accepted is ignored, so
    /// a caller cannot dodge its limit by sending a new header each time.
    /// </summary>
    public static string Of(HttpContext context) =>
        context.Features.Get<ApiClient>() is { } client
            ? client.ClientId
            : "ip-" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
