using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Security;

/// <summary>
/// With API keys on, describes the <c>X-Api-Key</c> header scheme in the OpenAPI document so Swagger UI shows an
/// Authorize button, and marks every operation outside the open paths as needing it.
/// </summary>
internal sealed class SwaggerApiKeySetup(IOptions<ApiKeyOptions> options) : IConfigureOptions<SwaggerGenOptions>
{
    public const string SchemeId = "ApiKey";

    public void Configure(SwaggerGenOptions swagger)
    {
        if (!options.Value.Enabled) return;
        swagger.AddSecurityDefinition(SchemeId, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyOptions.HeaderName,
            Description = $"An API key in the {ApiKeyOptions.HeaderName} header. Health, metrics and the demo page need none.",
        });
        swagger.OperationFilterDescriptors.Add(new FilterDescriptor
        {
            Type = typeof(ApiKeyOperationFilter),
            Arguments = [options.Value.OpenPaths.ToArray()],
        });
    }
}

/// <summary>Adds the key requirement (and its 401 answer) to operations that are not on an open path.</summary>
internal sealed class ApiKeyOperationFilter(string[] openPaths) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + (context.ApiDescription.RelativePath ?? "").TrimStart('/');
        if (openPaths.Any(p => new PathString(path).StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SwaggerApiKeySetup.SchemeId, context.Document)] = [],
        });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No accepted API key (ProblemDetails)." });
    }
}
