using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Graph;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>
/// A model whose forward pass is declared once over <see cref="ILayerGraph{T}"/> runs in TorchSharp and is written by
/// <see cref="OnnxModelFile"/>: same outputs in ONNX Runtime at any batch size, weights named as the module names them
/// (a shared layer written once), a file the onnx checker accepts, and a clear error for a layer without a mapping.
/// </summary>
public sealed class OnnxModelFileTests
{
    /// <summary>A small U-Net-like denoiser: conv, pool, conv, upsample, a skip connection (Add) and a sigmoid.</summary>
    private sealed class SkipNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d encode;
        private readonly Sequential down;
        private readonly ConvTranspose2d up;
        private readonly Sequential output;

        public SkipNet() : base(nameof(SkipNet))
        {
            encode = nn.Conv2d(1, 4, 3, padding: 1);
            down = nn.Sequential(nn.LeakyReLU(0.1), nn.MaxPool2d(2), nn.Conv2d(4, 4, 3, padding: 1), nn.ReLU());
            up = nn.ConvTranspose2d(4, 4, 3, stride: 2, padding: 1, output_padding: 1);
            output = nn.Sequential(nn.Conv2d(4, 1, 3, padding: 1), nn.Sigmoid());
            RegisterComponents();
        }

        public T Forward<T>(ILayerGraph<T> graph, T image)
        {
            var e28 = graph.Apply(encode, image);
            return graph.Apply(output, graph.Add(graph.Apply(up, graph.Apply(down, e28)), e28));
        }

        public override Tensor forward(Tensor input) => Forward(new TensorGraph(), input);
    }

    /// <summary>The same layer applied twice: one weight, one initializer.</summary>
    private sealed class SharedLayerNet : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential flatten = nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.ReLU());
        private readonly Linear hidden = nn.Linear(16, 16);

        public SharedLayerNet() : base(nameof(SharedLayerNet)) => RegisterComponents();

        public T Forward<T>(ILayerGraph<T> graph, T image) => graph.Apply(hidden, graph.Apply(hidden, graph.Apply(flatten, image)));

        public override Tensor forward(Tensor input) => Forward(new TensorGraph(), input);
    }

    /// <summary>Runs layers on tensors, as the trainer's TensorGraph does.</summary>
    private sealed class TensorGraph : ILayerGraph<Tensor>
    {
        public Tensor Apply(nn.Module<Tensor, Tensor> layer, Tensor input) => layer.call(input);

        public Tensor Add(Tensor left, Tensor right) => left + right;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void OnnxRuntimeGivesTheModelsForwardAtAnyBatchSize(int batch)
    {
        torch.manual_seed(7);
        using var model = new SkipNet();
        model.eval();
        var file = OnnxModelFile.Write(model.Forward, "denoised", [-1, 1, 28, 28], "skip-net", parameterOwner: model);
        using var images = torch.rand(batch, 1, 28, 28);
        using var expected = Forward(model, images);

        var actual = OnnxTools.Run(file.Bytes, "image", images.data<float>().ToArray(), [batch, 1, 28, 28], "denoised", [batch, 1, 28, 28]);

        LayerOnnx.AssertClose(expected.data<float>().ToArray(), actual, OnnxGraphLayerTests.Tolerance);
    }

    [Fact]
    public void TheFileDeclaresTheImageInputTheOutputAndPassesTheChecker()
    {
        torch.manual_seed(7);
        using var model = new SkipNet();
        var file = OnnxModelFile.Write(model.Forward, "denoised", [-1, 1, 28, 28], "skip-net", new Dictionary<string, string> { ["kind"] = "denoiser" }, model);

        OnnxTools.Check(file.Bytes);
        var described = OnnxTools.Describe(file.Bytes);
        Assert.Equal(8, described.GetProperty("ir_version").GetInt64());
        Assert.Equal(17, described.GetProperty("opset")[0][1].GetInt64());
        Assert.Equal("denoiser", described.GetProperty("metadata").GetProperty("kind").GetString());
        var input = Assert.Single(described.GetProperty("inputs").EnumerateArray());
        Assert.Equal("image", input.GetProperty("name").GetString());
        Assert.Equal("[\"N\",1,28,28]", input.GetProperty("dims").GetRawText());
        Assert.Equal("denoised", Assert.Single(file.Outputs).Name);
        Assert.Equal(["image"], file.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void InitializersAreNamedAfterTheModulesParametersAndHoldTheirValues()
    {
        torch.manual_seed(3);
        using var model = new SkipNet();
        var file = OnnxModelFile.Write(model.Forward, "denoised", [-1, 1, 28, 28], "skip-net", parameterOwner: model);

        var initializers = DenoiseApi.Training.Evaluation.Repository.OnnxInitializer.ReadFloat(file.Bytes);

        var parameters = model.named_parameters().ToList();
        Assert.Equal(parameters.Select(p => p.name).Order(StringComparer.Ordinal), initializers.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, parameter) in parameters)
        {
            Assert.Equal(parameter.shape, initializers[name].Dims);
            Assert.Equal(parameter.detach().data<float>().ToArray(), initializers[name].Values);
        }
    }

    [Fact]
    public void ALayerAppliedTwiceIsWrittenOnceAndRunsTwice()
    {
        torch.manual_seed(5);
        using var model = new SharedLayerNet();
        var file = OnnxModelFile.Write(model.Forward, "latent", [-1, 16], "shared", parameterOwner: model);
        using var images = torch.rand(3, 1, 28, 28);
        using var expected = Forward(model, images);

        var initializers = DenoiseApi.Training.Evaluation.Repository.OnnxInitializer.ReadFloat(file.Bytes);
        var actual = OnnxTools.Run(file.Bytes, "image", images.data<float>().ToArray(), [3, 1, 28, 28], "latent", [3, 16]);

        Assert.Equal(["flatten.1.bias", "flatten.1.weight", "hidden.bias", "hidden.weight"], initializers.Keys.Order(StringComparer.Ordinal));
        LayerOnnx.AssertClose(expected.data<float>().ToArray(), actual, OnnxGraphLayerTests.Tolerance);
    }

    [Fact]
    public void ALayerWithoutAnOnnxMappingIsNamedInTheError()
    {
        using var tanh = nn.Tanh();

        var e = Assert.Throws<NotSupportedException>(() => OnnxModelFile.Write((g, x) => g.Apply(tanh, x), "y", [-1, 1, 28, 28], "tanh"));

        Assert.Contains("TorchSharp.Modules.Tanh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutputShapeOfTheWrongRankIsRefused()
    {
        using var relu = nn.ReLU();

        var e = Assert.Throws<InvalidOperationException>(() => OnnxModelFile.Write((g, x) => g.Apply(relu, x), "y", [-1, 784], "relu"));

        Assert.Contains("rank-4", e.Message, StringComparison.Ordinal);
    }

    private static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var _ = torch.no_grad();
        return model.call(input);
    }
}
