using DenoiseApi.Training.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>
/// Every layer kind <see cref="OnnxGraph"/> maps, written to ONNX on its own (with the hyper-parameters that change the
/// node: strides, pads, dilations, groups, output padding, slopes, axes, no bias) and run by ONNX Runtime: the output
/// equals the TorchSharp module's own forward within 1e-5, and the file passes onnx.checker.
/// </summary>
public sealed class OnnxGraphLayerTests
{
    public const double Tolerance = 1e-5;

    /// <summary>A layer, the shape it is fed (batch first) and how to put its running statistics in a trained state.</summary>
    public sealed record LayerCase(string Name, Func<nn.Module<Tensor, Tensor>> Create, long[] InputShape)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    public static IReadOnlyList<LayerCase> Cases { get; } =
    [
        new("linear", () => nn.Linear(12, 5), [3, 12]),
        new("linear-no-bias-on-4d", () => nn.Linear(7, 4, hasBias: false), [2, 3, 5, 7]),
        new("linear-on-3d", () => nn.Linear(7, 4), [2, 5, 7]),
        new("conv2d-same-3x3", () => nn.Conv2d(2, 4, 3, padding: 1), [2, 2, 9, 9]),
        new("conv2d-stride2-dilation2-groups2-no-bias", () => nn.Conv2d(4, 6, 3, stride: 2, dilation: 2, groups: 2, bias: false), [2, 4, 13, 11]),
        new("conv2d-padding-same-even-kernel", () => nn.Conv2d(3, 2, 4, Padding.Same), [1, 3, 8, 7]),
        new("conv2d-padding-valid", () => nn.Conv2d(3, 2, 3, Padding.Valid), [1, 3, 8, 7]),
        new("conv-transpose2d-doubling", () => nn.ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, output_padding: 1), [2, 3, 7, 7]),
        new("conv-transpose2d-groups2-no-bias", () => nn.ConvTranspose2d(4, 6, 4, stride: 2, padding: 1, groups: 2, bias: false), [2, 4, 5, 6]),
        new("max-pool2d", () => nn.MaxPool2d(2), [2, 3, 8, 8]),
        new("max-pool2d-stride-padding-ceil", () => nn.MaxPool2d((3, 3), stride: (2, 2), padding: (1, 1), ceil_mode: true), [2, 3, 10, 9]),
        new("relu", () => nn.ReLU(), [3, 4, 5]),
        new("leaky-relu", () => nn.LeakyReLU(0.1), [3, 4, 5]),
        new("sigmoid", () => nn.Sigmoid(), [3, 10]),
        new("softmax-dim1", () => nn.Softmax(1), [3, 10]),
        new("softmax-last-dim", () => nn.Softmax(-1), [2, 3, 6]),
        new("flatten", () => nn.Flatten(), [2, 3, 4, 5]),
        new("flatten-from-2", () => nn.Flatten(2), [2, 3, 4, 5]),
        new("unflatten", () => nn.Unflatten(1, [1, 4, 5]), [3, 20]),
        new("dropout", () => nn.Dropout(0.5), [3, 8]),
        new("batch-norm1d", () => Trained(nn.BatchNorm1d(6), [16, 6]), [4, 6]),
        new("batch-norm2d", () => Trained(nn.BatchNorm2d(3), [8, 3, 5, 5]), [2, 3, 5, 5]),
        new("batch-norm2d-not-affine", () => Trained(nn.BatchNorm2d(3, affine: false), [8, 3, 5, 5]), [2, 3, 5, 5]),
        new("sequential", () => nn.Sequential(
            nn.Conv2d(1, 4, 3, padding: 1), nn.LeakyReLU(0.2), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 3), nn.Softmax(1)), [2, 1, 8, 8]),
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void OnnxRuntimeGivesTheModulesOwnForward(string name)
    {
        var layerCase = Cases.Single(c => c.Name == name);
        torch.manual_seed(42);
        using var layer = layerCase.Create();
        layer.eval();
        using var input = torch.randn(layerCase.InputShape);
        using var expected = Forward(layer, input);

        var model = LayerOnnx.SingleLayer(layer, layerCase.InputShape, expected.shape);
        var actual = OnnxTools.Run(model, "x", input.data<float>().ToArray(), layerCase.InputShape, "y", expected.shape);

        LayerOnnx.AssertClose(expected.data<float>().ToArray(), actual, Tolerance);
    }

    [Fact]
    public void EveryLayerFilePassesTheOnnxChecker()
    {
        var models = Cases.Select(c =>
        {
            torch.manual_seed(1);
            using var layer = c.Create();
            layer.eval();
            using var input = torch.randn(c.InputShape);
            using var output = Forward(layer, input);
            return LayerOnnx.SingleLayer(layer, c.InputShape, output.shape);
        }).ToArray();

        OnnxTools.Check(models);
    }

    private static Tensor Forward(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        using var _ = torch.no_grad();
        return layer.call(input);
    }

    /// <summary>Runs a few training-mode batches through a batch norm so its running statistics are not the defaults.</summary>
    private static nn.Module<Tensor, Tensor> Trained(nn.Module<Tensor, Tensor> norm, long[] batchShape)
    {
        norm.train();
        using (torch.no_grad())
        {
            for (var i = 0; i < 5; i++)
            {
                using var batch = torch.randn(batchShape) * 3 + 1.5;
                norm.call(batch).Dispose();
            }
        }

        return norm;
    }
}
