using DenoiseApi.Training.Export;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>Writes TorchSharp layers as small ONNX graphs and compares outputs.</summary>
internal static class LayerOnnx
{
    /// <summary>A one-layer graph: input "x" → layer → output "y", both with a dynamic batch and the given other sizes.</summary>
    public static byte[] SingleLayer(nn.Module<Tensor, Tensor> layer, long[] inputShape, long[] outputShape)
    {
        var builder = new OnnxGraphBuilder("layer");
        var graph = new OnnxGraph(builder, layer);
        var x = graph.Input("x", [-1, .. inputShape[1..]]);
        graph.Output(graph.Apply(layer, x), "y", [-1, .. outputShape[1..]]);
        return builder.ToModelBytes();
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(difference) || difference > worst)
            {
                worst = double.IsNaN(difference) ? double.PositiveInfinity : difference;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"largest difference {worst:G3} at {at} (expected {(at < 0 ? 0 : expected[at])}, ONNX Runtime {(at < 0 ? 0 : actual[at])}), tolerance {tolerance:G3}");
    }
}
