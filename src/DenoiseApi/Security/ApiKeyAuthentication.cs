using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>The names the API-key scheme and the policy the model endpoints require are registered under.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The authentication scheme (and the Swagger security scheme) name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The authorization policy of every endpoint that reaches a model.</summary>
    public const string Policy = "ModelAccess";

    /// <summary>
    /// Requires <see cref="Policy"/> (an accepted key) when keys are on. When they are off the endpoint carries no
    /// authorization metadata at all, so the authorization middleware has nothing to evaluate per request (an
    /// always-true policy cost every request a policy evaluation and an authentication-handler activation).
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.ApplicationServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Enabled)
                endpoint.Metadata.Add(new AuthorizeAttribute(Policy));
        });
        return builder;
    }

    /// <summary>The policy: an authenticated caller of the API-key scheme when keys are on; anyone when they are off.</summary>
    internal static AuthorizationPolicy BuildPolicy(bool keysEnabled) => keysEnabled
        ? new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build()
        : new AuthorizationPolicyBuilder().RequireAssertion(static _ => true).Build();
}
