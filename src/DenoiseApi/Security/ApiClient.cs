namespace DenoiseApi.Security;

/// <summary>
/// Who sent a request, as far as the edge knows: the fingerprint of an accepted API key, or nothing when keys are
/// off. Set as a request feature by <see cref="ApiKeyMiddleware"/>; read by the rate limiter and the request log.
/// </summary>
public sealed record ApiClient(string ClientId);
