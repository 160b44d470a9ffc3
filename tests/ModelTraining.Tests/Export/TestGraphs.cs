using DenoiseApi.Training.Export;
using static DenoiseApi.Training.Tests.Export.ReferenceOps;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>
/// Small graphs, each with random weights, its input shape for a given batch, and the reference computation of what it
/// should output — together they cover every operator the model zoo exports.
/// </summary>
internal sealed record TestGraph(
    string Name, byte[] Model, string Input, long[] InputShapeWithoutBatch, string Output, long[] OutputShapeWithoutBatch, Func<float[], int, float[]> Reference)
{
    public long[] InputShape(int batch) => [batch, .. InputShapeWithoutBatch];

    public long[] OutputShape(int batch) => [batch, .. OutputShapeWithoutBatch];

    public int InputSize => (int)InputShapeWithoutBatch.Aggregate(1L, (a, b) => a * b);

    public override string ToString() => Name;
}

internal static class TestGraphs
{
    public static IEnumerable<TestGraph> All() =>
    [
        DenseAutoencoder(), MatMulSoftmaxClassifier(), LeakyReluReshape(),
        Conv(stride: 1, pad: 1), Conv(stride: 2, pad: 1), ConvTranspose(kernel: 3, stride: 2, pad: 1, outputPadding: 1),
        ConvTranspose(kernel: 2, stride: 2, pad: 0, outputPadding: 0), MaxPool(), ConvNet(),
    ];

    public static TestGraph ByName(string name) => All().Single(g => g.Name == name);

    /// <summary>Gemm(transB) + Relu, Gemm + Sigmoid: the dense autoencoder's shape at small size.</summary>
    public static TestGraph DenseAutoencoder()
    {
        float[] w1 = Random(8 * 20, 1, 0.5f), b1 = Random(8, 2, 0.1f), w2 = Random(5 * 8, 3, 0.5f), b2 = Random(5, 4, 0.1f);
        var g = new OnnxGraphBuilder("dense");
        string x = g.AddInput("image", -1, 20);
        string h = g.AddNode("Gemm", [x, g.AddInitializer("fc1.weight", w1, 8, 20), g.AddInitializer("fc1.bias", b1, 8)],
            attributes: OnnxAttribute.Int("transB", 1));
        h = g.AddNode("Relu", [h]);
        string y = g.AddNode("Gemm", [h, g.AddInitializer("fc2.weight", w2, 5, 8), g.AddInitializer("fc2.bias", b2, 5)],
            attributes: OnnxAttribute.Int("transB", 1));
        g.AddOutput(g.AddNode("Sigmoid", [y]), "reconstruction", -1, 5);
        return new TestGraph("dense", g.ToModelBytes(), "image", [20], "reconstruction", [5], (input, n) =>
        {
            float[] hidden = Map(GemmTransB(input, w1, b1, n, 20, 8), v => Math.Max(0, v));
            return Map(GemmTransB(hidden, w2, b2, n, 8, 5), Sigmoid);
        });
    }

    /// <summary>Flatten + MatMul + Add + Softmax(axis 1).</summary>
    public static TestGraph MatMulSoftmaxClassifier()
    {
        float[] w = Random(16 * 6, 5, 1f), b = Random(6, 6, 0.5f);
        var g = new OnnxGraphBuilder("classifier");
        string x = g.AddInput("image", -1, 1, 4, 4);
        string flat = g.AddNode("Flatten", [x], attributes: OnnxAttribute.Int("axis", 1));
        string logits = g.AddNode("Add", [g.AddNode("MatMul", [flat, g.AddInitializer("w", w, 16, 6)]), g.AddInitializer("b", b, 6)]);
        g.AddOutput(g.AddNode("Softmax", [logits], attributes: OnnxAttribute.Int("axis", 1)), "probabilities", -1, 6);
        return new TestGraph("matmul-softmax", g.ToModelBytes(), "image", [1, 4, 4], "probabilities", [6], (input, n) =>
        {
            float[] z = MatMul(input, w, n, 16, 6);
            for (int i = 0; i < z.Length; i++)
            {
                z[i] += b[i % 6];
            }

            return SoftmaxRows(z, 6);
        });
    }

    /// <summary>LeakyRelu(alpha 0.2) + Reshape with an int64 shape initializer holding -1.</summary>
    public static TestGraph LeakyReluReshape()
    {
        var g = new OnnxGraphBuilder("leaky");
        string x = g.AddInput("x", -1, 12);
        string y = g.AddNode("LeakyRelu", [x], attributes: OnnxAttribute.Float("alpha", 0.2f));
        string r = g.AddNode("Reshape", [y, g.AddInitializer("shape", new long[] { -1, 3, 2, 2 }, 4)]);
        g.AddOutput(r, "y", -1, 3, 2, 2);
        return new TestGraph("leakyrelu-reshape", g.ToModelBytes(), "x", [12], "y", [3, 2, 2],
            (input, n) => Map(input, v => v >= 0 ? v : 0.2f * (float)v));
    }

    /// <summary>Conv 2→3 channels, 3x3, with bias, on 7x7 inputs.</summary>
    public static TestGraph Conv(int stride, int pad)
    {
        float[] w = Random(3 * 2 * 3 * 3, 7, 0.5f), b = Random(3, 8, 0.1f);
        int o = ((7 + (2 * pad) - 3) / stride) + 1;
        var g = new OnnxGraphBuilder("conv");
        string x = g.AddInput("x", -1, 2, 7, 7);
        string y = g.AddNode("Conv", [x, g.AddInitializer("w", w, 3, 2, 3, 3), g.AddInitializer("b", b, 3)], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
        ]);
        g.AddOutput(y, "y", -1, 3, o, o);
        return new TestGraph($"conv-s{stride}-p{pad}", g.ToModelBytes(), "x", [2, 7, 7], "y", [3, o, o],
            (input, n) => ReferenceOps.Conv(input, w, b, n, 2, 7, 7, 3, 3, stride, pad));
    }

    /// <summary>ConvTranspose 3→2 channels on 7x7 inputs (k3 s2 p1 op1 doubles 7 to 14, like the conv DAE's decoder).</summary>
    public static TestGraph ConvTranspose(int kernel, int stride, int pad, int outputPadding)
    {
        float[] w = Random(3 * 2 * kernel * kernel, 9, 0.5f), b = Random(2, 10, 0.1f);
        int o = (6 * stride) - (2 * pad) + kernel + outputPadding;
        var g = new OnnxGraphBuilder("convtranspose");
        string x = g.AddInput("x", -1, 3, 7, 7);
        string y = g.AddNode("ConvTranspose", [x, g.AddInitializer("w", w, 3, 2, kernel, kernel), g.AddInitializer("b", b, 2)], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad), OnnxAttribute.Ints("output_padding", outputPadding, outputPadding),
        ]);
        g.AddOutput(y, "y", -1, 2, o, o);
        return new TestGraph($"convtranspose-k{kernel}-s{stride}-p{pad}-op{outputPadding}", g.ToModelBytes(), "x", [3, 7, 7], "y", [2, o, o],
            (input, n) => ReferenceOps.ConvTranspose(input, w, b, n, 3, 7, 7, 2, kernel, stride, pad, outputPadding));
    }

    /// <summary>MaxPool 2x2 stride 2 on 2 channels of 6x6.</summary>
    public static TestGraph MaxPool()
    {
        var g = new OnnxGraphBuilder("maxpool");
        string x = g.AddInput("x", -1, 2, 6, 6);
        string y = g.AddNode("MaxPool", [x], attributes: [OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2)]);
        g.AddOutput(y, "y", -1, 2, 3, 3);
        return new TestGraph("maxpool", g.ToModelBytes(), "x", [2, 6, 6], "y", [2, 3, 3],
            (input, n) => ReferenceOps.MaxPool(input, n, 2, 6, 6, 2, 2));
    }

    /// <summary>Conv + Relu + MaxPool + strided Conv + ConvTranspose + Reshape + Identity, chained.</summary>
    public static TestGraph ConvNet()
    {
        float[] w1 = Random(4 * 1 * 9, 11, 0.5f), b1 = Random(4, 12, 0.1f);
        float[] w2 = Random(3 * 4 * 9, 13, 0.5f), b2 = Random(3, 14, 0.1f);
        float[] w3 = Random(3 * 2 * 9, 15, 0.5f), b3 = Random(2, 16, 0.1f);
        var g = new OnnxGraphBuilder("convnet");
        string x = g.AddInput("image", -1, 1, 8, 8);
        string h = g.AddNode("Conv", [x, g.AddInitializer("c1.w", w1, 4, 1, 3, 3), g.AddInitializer("c1.b", b1, 4)],
            attributes: [OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1)]);
        h = g.AddNode("Relu", [h]);
        h = g.AddNode("MaxPool", [h], attributes: [OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2)]);
        h = g.AddNode("Conv", [h, g.AddInitializer("c2.w", w2, 3, 4, 3, 3), g.AddInitializer("c2.b", b2, 3)],
            attributes: [OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1)]);
        h = g.AddNode("ConvTranspose", [h, g.AddInitializer("t.w", w3, 3, 2, 3, 3), g.AddInitializer("t.b", b3, 2)], attributes:
        [
            OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("output_padding", 1, 1),
        ]);
        h = g.AddNode("Reshape", [h, g.AddInitializer("flat", new long[] { -1, 32 }, 2)]);
        g.AddOutput(h, "features", -1, 32);
        return new TestGraph("convnet", g.ToModelBytes(), "image", [1, 8, 8], "features", [32], (input, n) =>
        {
            float[] a = Map(ReferenceOps.Conv(input, w1, b1, n, 1, 8, 8, 4, 3, 1, 1), v => Math.Max(0, v));
            a = ReferenceOps.MaxPool(a, n, 4, 8, 8, 2, 2);
            a = ReferenceOps.Conv(a, w2, b2, n, 4, 4, 4, 3, 3, 2, 1);
            return ReferenceOps.ConvTranspose(a, w3, b3, n, 3, 2, 2, 2, 3, 2, 1, 1);
        });
    }
}
