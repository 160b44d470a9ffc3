using Microsoft.AspNetCore.Authorization;

namespace DenoiseApi.Security;

/// <summary>The names the API-key scheme and the policy the model endpoints require are registered under.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The authentication scheme (and the Swagger security scheme) name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The authorization policy of every endpoint that reaches a model.</summary>
    public const string Policy = "ModelAccess";

    /// <summary>Requires <see cref="Policy"/>: an accepted key when keys are on, nothing when they are off.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy);

    /// <summary>The policy: an authenticated caller of the API-key scheme when keys are on; anyone when they are off.</summary>
    internal static AuthorizationPolicy BuildPolicy(bool keysEnabled) => keysEnabled
        ? new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build()
        : new AuthorizationPolicyBuilder().RequireAssertion(static _ => true).Build();
}
