using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Apis;

/// <summary>
/// Documents an image endpoint's 200 answer as it is (<see cref="ImageAnswers"/>): <c>image/png</c> for one image where
/// the endpoint answers a PNG, and <c>application/json</c> with the one-image shape or (oneOf) the several-images shape;
/// with the <c>X-Model</c>/<c>X-Model-Version</c> headers of an answer a model produced.
/// </summary>
internal sealed class ImageAnswersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var answers = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ImageAnswers>().FirstOrDefault();
        if (answers is null) return;

        var batch = context.SchemaGenerator.GenerateSchema(answers.Batch, context.SchemaRepository);
        var content = new Dictionary<string, OpenApiMediaType>();
        if (answers.Png) content["image/png"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        content["application/json"] = new OpenApiMediaType
        {
            Schema = answers.OneImage is null
                ? batch
                : new OpenApiSchema { OneOf = [context.SchemaGenerator.GenerateSchema(answers.OneImage, context.SchemaRepository), batch] },
        };
        var response = new OpenApiResponse
        {
            Description = answers.Png
                ? "One image: the PNG. Several images (multipart): JSON with one PNG each, in order."
                : "One image: its result. Several images (multipart): one result each, in order.",
            Content = content,
        };
        if (answers.NamesModel)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                [ImageEndpointConventions.ModelHeader] = new OpenApiHeader { Description = "The model that answered.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                [ImageEndpointConventions.ModelVersionHeader] = new OpenApiHeader { Description = "Its version.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" } },
            };
        }
        operation.Responses ??= [];
        operation.Responses["200"] = response;
    }
}
