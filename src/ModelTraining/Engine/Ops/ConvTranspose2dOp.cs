using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Transposed 2-D convolution (ONNX ConvTranspose, PyTorch ConvTranspose2d) of x[N, C, H, W] with
    /// weight[C, F, kh, kw] and optional bias[F]: every input pixel scatters its kernel-weighted values into the output
    /// at stride <paramref name="stride"/>, <paramref name="padding"/> is cropped from the borders and
    /// <paramref name="outputPadding"/> extra rows/columns are added at the bottom/right. Output
    /// [N, F, (H − 1)·s − padTop − padBottom + kh + outputPadding, likewise for W]; e.g. 7 → 14 with k 3, s 2, pad 1,
    /// output padding 1. It is the gradient of <see cref="Conv2d"/> with respect to its input.
    /// <paramref name="activationSlope"/> fuses an activation: null none, 0 ReLU, s in (0, 1) LeakyReLU.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, int stride, ConvPadding padding, int outputPadding = 0, float? activationSlope = null)
    {
        ConvActivation.Validate(nameof(ConvTranspose2d), activationSlope);
        RequireRank(nameof(ConvTranspose2d), x, 4);
        RequireRank(nameof(ConvTranspose2d), weight, 4);
        int batch = x.Shape[0], channels = x.Shape[1], filters = weight.Shape[1];
        if (weight.Shape[0] != channels) throw ShapeError(nameof(ConvTranspose2d), "weight must be [channels, filters, kh, kw] with the input's channel count", x, weight);
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters)) throw ShapeError(nameof(ConvTranspose2d), "bias must be [filters]", weight, bias);
        var g = ConvGeometry.ForTransposed(nameof(ConvTranspose2d), filters, x.Shape[2], x.Shape[3], weight.Shape[2], weight.Shape[3], stride, padding, outputPadding);

        int[] shape = [batch, filters, g.Height, g.Width];
        var y = bias is null ? Tensor.ForOp(shape, x, weight) : Tensor.ForOp(shape, x, weight, bias);
        ConvTranspose2dKernel.Forward(x.Data, weight.Data, bias?.Data, y.Data, batch, channels, g, activationSlope);
        y.SetBackward(output =>
        {
            var overwriteDx = false;
            var dx = x.RequiresGrad ? x.GradToWrite(out overwriteDx) : null;
            ConvTranspose2dKernel.Backward(
                x.Data, weight.Data, output.Data, output.Grad!,
                dx,
                weight.RequiresGrad ? weight.AccumulateGrad() : null,
                bias is not null && bias.RequiresGrad ? bias.AccumulateGrad() : null,
                batch, channels, g, activationSlope, overwriteDx: overwriteDx);
        });
        return y;
    }
}
