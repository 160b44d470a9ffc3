using System.Text.Json.Nodes;
using DenoiseApi.Input;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Apis;

/// <summary>
/// Describes a <see cref="QueryChoice{TEnum}"/> query parameter as what it is on the wire: a string enum of its spellings
/// (ASP.NET Core's API explorer reports any type bound through TryParse as a plain string).
/// </summary>
internal sealed class QueryChoiceParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var type = context.ParameterInfo?.ParameterType ?? context.PropertyInfo?.PropertyType;
        if (type is null || parameter is not OpenApiParameter described) return;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(QueryChoice<>)) return;
        var spellings = (IReadOnlyList<string>)type.GetProperty(nameof(QueryChoice<Toggle>.Spellings))!.GetValue(null)!;
        described.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. spellings.Select(spelling => (JsonNode)JsonValue.Create(spelling))],
        };
    }
}
