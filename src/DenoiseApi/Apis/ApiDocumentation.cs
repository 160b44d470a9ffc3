using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Apis;

/// <summary>Swagger: the OpenAPI document at /swagger/v1/swagger.json and the UI at /swagger, where uploads can be tried.</summary>
public static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "DenoiseApi",
                Version = "v1",
                Description = "Denoises, encodes and classifies handwritten digit images with ONNX models trained on MNIST.",
            });
            options.OperationFilter<ImageUploadOperationFilter>();
            options.OperationFilter<ImageAnswersOperationFilter>();
            options.DocumentFilter<MetricsDocumentFilter>();
            options.ParameterFilter<QueryChoiceParameterFilter>();
            // Query names as clients write them (binding is case-insensitive): ?model=, not ?Model=.
            options.DescribeAllParametersInCamelCase();
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml)) options.IncludeXmlComments(xml);
        });
        return services;
    }

    /// <summary>
    /// Swagger UI under <c>/swagger</c> and the OpenAPI document at <c>/swagger/v1/swagger.json</c>. The document is an
    /// endpoint and the UI's middleware runs only for paths under <c>/swagger</c>, so the other requests never pass
    /// through either.
    /// </summary>
    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseWhen(static context => context.Request.Path.StartsWithSegments(UiPath, StringComparison.OrdinalIgnoreCase), ui =>
            ui.UseSwaggerUI(options =>
            {
                // Relative to the UI page, so it is found under a gateway prefix (X-Forwarded-Prefix) too.
                options.SwaggerEndpoint("v1/swagger.json", "DenoiseApi v1");
                options.RoutePrefix = UiPath.TrimStart('/');
            }));
        app.MapSwagger();
        return app;
    }

    private const string UiPath = "/swagger";
}

/// <summary>
/// Documents the image upload of endpoints marked with <see cref="ImageUploadMetadata"/>: a multipart form with file
/// field <c>image</c> (repeatable for several images), or the raw image as the body.
/// </summary>
internal sealed class ImageUploadOperationFilter : IOperationFilter
{
    private static readonly string Formats = string.Join(", ", Imaging.ImageDecoder.SupportedFormats);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ImageUploadMetadata>().Any()) return;

        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { ImageEndpointConventions.FieldName },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                [ImageEndpointConventions.FieldName] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = $"The digit image ({Formats}; any size, colour or gray). Repeat the field to send several images.",
                },
            },
        };
        var content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = form } };
        foreach (var mediaType in ImageUploadMetadata.RawContentTypes) content[mediaType] = new OpenApiMediaType { Schema = binary };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"The image as multipart/form-data field 'image', or as the raw body with an image/* content type. Formats read: {Formats} (detected from the bytes).",
            Content = content,
        };
    }
}
