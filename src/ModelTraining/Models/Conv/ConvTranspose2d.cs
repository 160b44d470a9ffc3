using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// Transposed convolution layer (learned upsampling), weight [in, out, k, k] and bias [out], initialised like
/// PyTorch's nn.ConvTranspose2d (uniform in ±1/√(out·k·k), PyTorch's fan-in for this layout). Exports as one ONNX
/// ConvTranspose with <c>pads</c> and <c>output_padding</c>, then Relu/LeakyRelu when an activation is fused
/// (null none, 0 ReLU, s LeakyReLU with slope s).
/// </summary>
public sealed class ConvTranspose2d : Module, IOnnxExportable
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding, ref Xoshiro256 rng, string name, float? activationSlope = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = ConvPadding.Symmetric(padding);
        OutputPadding = outputPadding;
        Name = name;
        ActivationSlope = activationSlope;
        var bound = 1f / MathF.Sqrt(outChannels * kernel * kernel);
        Weight = Tensor.Parameter(ConvInit.Uniform(inChannels * outChannels * kernel * kernel, bound, ref rng), [inChannels, outChannels, kernel, kernel], name + ".weight");
        Bias = Tensor.Parameter(ConvInit.Uniform(outChannels, bound, ref rng), [outChannels], name + ".bias");
    }

    /// <summary>3x3, stride 2, padding 1, output padding 1: exactly doubles height and width (7 → 14 → 28).</summary>
    public static ConvTranspose2d Doubling(int inChannels, int outChannels, ref Xoshiro256 rng, string name, float? activationSlope = null) =>
        new(inChannels, outChannels, 3, 2, 1, 1, ref rng, name, activationSlope);

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public ConvPadding Padding { get; }

    public int OutputPadding { get; }

    /// <summary>The fused activation: null none, 0 ReLU, s LeakyReLU with negative slope s.</summary>
    public float? ActivationSlope { get; }

    /// <summary>Prefix of the parameter names.</summary>
    public string Name { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, ActivationSlope);

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var w = graph.AddInitializer(Weight.Name!, Weight.Data, InChannels, OutChannels, Kernel, Kernel);
        var b = graph.AddInitializer(Bias.Name!, Bias.Data, OutChannels);
        var up = graph.AddNode("ConvTranspose", [input, w, b], null,
            OnnxAttribute.Ints("kernel_shape", Kernel, Kernel),
            OnnxAttribute.Ints("strides", Stride, Stride),
            OnnxAttribute.Ints("pads", Padding.ToOnnxPads()),
            OnnxAttribute.Ints("output_padding", OutputPadding, OutputPadding));
        return ConvInit.ExportActivation(graph, up, ActivationSlope);
    }

    protected override IEnumerable<Tensor> OwnParameters() => [Weight, Bias];
}
