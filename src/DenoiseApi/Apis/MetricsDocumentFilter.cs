using DenoiseApi.Diagnostics;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Apis;

/// <summary>
/// Puts <c>GET /metrics</c> in the OpenAPI document. OpenTelemetry's Prometheus exporter serves it as a plain endpoint
/// (a request delegate, not a route handler), which ASP.NET Core's API explorer does not see; this describes it.
/// </summary>
internal sealed class MetricsDocumentFilter : IDocumentFilter
{
    private const string Tag = "Operations";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var text = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag });
        document.Paths[TelemetryRegistration.MetricsPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "Metrics",
                    Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                    Summary = "Request counts and latency per route and model, queue depth, batch sizes, inference time, refusals, load failures and runtime metrics",
                    Description = "The Prometheus text exposition format (application/openmetrics-text when asked for in Accept), written by OpenTelemetry's exporter.",
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "Every instrument's current values.",
                            Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = text, ["application/openmetrics-text"] = text },
                        },
                    },
                },
            },
        };
    }
}
