using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// 2-D convolution layer, weight [out, in, k, k] and bias [out], initialised like PyTorch's nn.Conv2d (both uniform in
/// ±1/√(in·k·k)), with an optional fused activation (null none, 0 ReLU, s LeakyReLU with slope s). Exports as one ONNX
/// Conv with explicit <c>pads</c>, followed by Relu or LeakyRelu when an activation is fused.
/// </summary>
public sealed class Conv2d : Module, IOnnxExportable
{
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, ConvPadding padding, ref Xoshiro256 rng, string name, float? activationSlope = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Name = name;
        ActivationSlope = activationSlope;
        var bound = 1f / MathF.Sqrt(inChannels * kernel * kernel);
        Weight = Tensor.Parameter(ConvInit.Uniform(outChannels * inChannels * kernel * kernel, bound, ref rng), [outChannels, inChannels, kernel, kernel], name + ".weight");
        Bias = Tensor.Parameter(ConvInit.Uniform(outChannels, bound, ref rng), [outChannels], name + ".bias");
    }

    /// <summary>A stride-1 convolution whose output keeps the input's height and width.</summary>
    public static Conv2d Same(int inChannels, int outChannels, int kernel, ref Xoshiro256 rng, string name, float? activationSlope = null) =>
        new(inChannels, outChannels, kernel, 1, ConvPadding.Same(kernel, kernel), ref rng, name, activationSlope);

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public ConvPadding Padding { get; }

    /// <summary>The fused activation: null none, 0 ReLU, s LeakyReLU with negative slope s.</summary>
    public float? ActivationSlope { get; }

    /// <summary>Prefix of the parameter names.</summary>
    public string Name { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.Conv2d(input, Weight, Bias, Stride, Padding, ActivationSlope);

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var w = graph.AddInitializer(Weight.Name!, Weight.Data, OutChannels, InChannels, Kernel, Kernel);
        var b = graph.AddInitializer(Bias.Name!, Bias.Data, OutChannels);
        var conv = graph.AddNode("Conv", [input, w, b], null,
            OnnxAttribute.Ints("kernel_shape", Kernel, Kernel),
            OnnxAttribute.Ints("strides", Stride, Stride),
            OnnxAttribute.Ints("pads", Padding.ToOnnxPads()));
        return ConvInit.ExportActivation(graph, conv, ActivationSlope);
    }

    protected override IEnumerable<Tensor> OwnParameters() => [Weight, Bias];
}
