namespace DenoiseApi.Security;

/// <summary>Who a request counts as, for the rate limits and the request log.</summary>
public static class ClientIdentity
{
    /// <summary>
    /// The accepted API key's fingerprint (the authenticated name), else the client's address. A key that was not
    /// accepted is ignored, so a caller cannot dodge its limit by sending a new header each time.
    /// </summary>
    public static string Of(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } client } ? client : AddressOf(context);

    /// <summary>"ip-" and the client's address, taken from X-Forwarded-For only when the connection comes from a trusted proxy.</summary>
    public static string AddressOf(HttpContext context) => "ip-" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
