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
    /// authorization metadata at all (and the service registers no authentication or authorization).
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

    /// <summary>The policy: a caller the API-key scheme authenticated (registered only when keys are on).</summary>
    internal static AuthorizationPolicy BuildPolicy() => new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
}
