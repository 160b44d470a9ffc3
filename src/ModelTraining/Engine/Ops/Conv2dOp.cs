using DenoiseApi.Training.Engine.Kernels;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as in ONNX Conv and PyTorch) of x[N, C, H, W] with weight[F, C, kh, kw] and
    /// optional bias[F]: <c>y[n, f, i, j] = b[f] + Σ_{c,u,v} W[f, c, u, v]·x[n, c, i·s + u − padTop, j·s + v − padLeft]</c>,
    /// zero outside the image. Output [N, F, (H + padTop + padBottom − kh)/s + 1, (W + padLeft + padRight − kw)/s + 1].
    /// Computed as im2col + GEMM per image (or directly, for very few filters or channels), the batch split over the
    /// cores. <paramref name="activationSlope"/> fuses an activation into the output: null none, 0 ReLU, s in (0, 1)
    /// LeakyReLU with that negative slope.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride, ConvPadding padding, float? activationSlope = null)
    {
        ConvActivation.Validate(nameof(Conv2d), activationSlope);
        RequireRank(nameof(Conv2d), x, 4);
        RequireRank(nameof(Conv2d), weight, 4);
        int batch = x.Shape[0], channels = x.Shape[1], filters = weight.Shape[0];
        if (weight.Shape[1] != channels) throw ShapeError(nameof(Conv2d), "weight must be [filters, channels, kh, kw] with the input's channel count", x, weight);
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != filters)) throw ShapeError(nameof(Conv2d), "bias must be [filters]", weight, bias);
        var g = ConvGeometry.ForConvolution(nameof(Conv2d), channels, x.Shape[2], x.Shape[3], weight.Shape[2], weight.Shape[3], stride, padding);

        int[] shape = [batch, filters, g.OutHeight, g.OutWidth];
        var y = bias is null ? Tensor.ForOp(shape, x, weight) : Tensor.ForOp(shape, x, weight, bias);
        Conv2dKernel.Forward(x.Data, weight.Data, bias?.Data, y.Data, batch, filters, g, activationSlope);
        y.SetBackward(output =>
        {
            var overwriteDx = false;
            var dx = x.RequiresGrad ? x.GradToWrite(out overwriteDx) : null;
            Conv2dKernel.Backward(
                x.Data, weight.Data, output.Data, output.Grad!,
                dx,
                weight.RequiresGrad ? weight.AccumulateGrad() : null,
                bias is not null && bias.RequiresGrad ? bias.AccumulateGrad() : null,
                batch, filters, g, activationSlope, overwriteDx: overwriteDx);
        });
        return y;
    }
}
