using System.Text.Json;
using System.Text.Json.Serialization;

namespace DenoiseApi.Output;

/// <summary>Source-generated JSON metadata for the service's answers (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EncodeResponse))]
[JsonSerializable(typeof(EncodeBatchResponse))]
[JsonSerializable(typeof(ClassifyResponse))]
[JsonSerializable(typeof(ClassifyBatchResponse))]
[JsonSerializable(typeof(DenoiseBatchResponse))]
[JsonSerializable(typeof(ModelsResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(LivenessResponse))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;

/// <summary>Puts <see cref="ServiceJsonContext"/> first in the minimal APIs' JSON resolver chain.</summary>
public static class OutputRegistration
{
    public static IServiceCollection AddResponseJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default));
}
