namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>What a session reports about its model, read once when the session is created.</summary>
internal sealed record ModelDescription(
    IReadOnlyList<NodeMetadata> Inputs,
    IReadOnlyList<NodeMetadata> Outputs,
    IReadOnlyDictionary<string, string> CustomMetadata,
    string ProducerName,
    string GraphName,
    long ModelVersion)
{
    internal static ModelDescription Read(OrtApi api, SessionHandle session)
    {
        var inputs = new NodeMetadata[api.SessionGetInputCount(session)];
        for (var i = 0; i < inputs.Length; i++)
        {
            using var typeInfo = api.SessionGetInputTypeInfo(session, i);
            var (type, shape) = api.DescribeTypeInfo(typeInfo);
            inputs[i] = new NodeMetadata(api.SessionGetInputName(session, i), type, Array.AsReadOnly(shape));
        }

        var outputs = new NodeMetadata[api.SessionGetOutputCount(session)];
        for (var i = 0; i < outputs.Length; i++)
        {
            using var typeInfo = api.SessionGetOutputTypeInfo(session, i);
            var (type, shape) = api.DescribeTypeInfo(typeInfo);
            outputs[i] = new NodeMetadata(api.SessionGetOutputName(session, i), type, Array.AsReadOnly(shape));
        }

        using var metadata = api.SessionGetModelMetadata(session);
        return new ModelDescription(
            Array.AsReadOnly(inputs),
            Array.AsReadOnly(outputs),
            api.ModelMetadataGetCustomMap(metadata).AsReadOnly(),
            api.ModelMetadataGetProducerName(metadata),
            api.ModelMetadataGetGraphName(metadata),
            api.ModelMetadataGetVersion(metadata));
    }
}
