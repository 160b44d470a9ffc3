using DenoiseApi.OnnxRuntime;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>Writes a graph to a temporary file and runs it through the real ONNX Runtime (one process-wide environment).</summary>
internal static class OrtSessions
{
    private static readonly Lazy<OrtEnvironment> Environment = new(() =>
    {
        OrtLibrary.Configure(null);
        return OrtEnvironment.Create("conv-tests", OrtLoggingLevel.Error);
    });

    /// <summary>Runs the single-input model and returns the named outputs.</summary>
    public static IReadOnlyList<OrtTensor> Run(byte[] model, string inputName, float[] input, long[] inputShape, params string[] outputs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conv-test-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            using var session = InferenceSession.Create(Environment.Value, path, new SessionSettings());
            return session.Run(inputName, input, inputShape, outputs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A one-layer graph: input "x" [-1, dims…] → layer → output "y".</summary>
    public static byte[] SingleLayer(IOnnxExportable layer, long[] inputItemShape, long[] outputItemShape)
    {
        var graph = new OnnxGraphBuilder("layer");
        var x = graph.AddInput("x", [-1, .. inputItemShape]);
        graph.AddOutput(layer.ExportOnnx(graph, x), "y", [-1, .. outputItemShape]);
        return graph.ToModelBytes();
    }
}
