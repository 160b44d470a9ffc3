using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Security;

/// <summary>
/// With API keys on, describes the <c>X-Api-Key</c> header scheme in the OpenAPI document so Swagger UI shows an
/// Authorize button, and marks every operation that requires <see cref="ApiKeyAuthentication.Policy"/> as needing it.
/// </summary>
internal sealed class SwaggerApiKeySetup(IOptions<ApiKeyOptions> options) : IConfigureOptions<SwaggerGenOptions>
{
    public const string SchemeId = ApiKeyAuthentication.Scheme;

    public void Configure(SwaggerGenOptions swagger)
    {
        if (!options.Value.Enabled) return;
        swagger.AddSecurityDefinition(SchemeId, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyOptions.HeaderName,
            Description = $"An API key in the {ApiKeyOptions.HeaderName} header. Health, metrics, the API description and the demo page need none.",
        });
        swagger.OperationFilter<ApiKeyOperationFilter>();
    }
}

/// <summary>Adds the key requirement (and its 401 answer) to the operations whose endpoint requires the key policy.</summary>
internal sealed class ApiKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiKeyAuthentication.Policy)) return;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SwaggerApiKeySetup.SchemeId, context.Document)] = [],
        });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No accepted API key (ProblemDetails)." });
        operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many wrong API keys from this address, or over the rate limit (ProblemDetails, Retry-After)." });
    }
}
