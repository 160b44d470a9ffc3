using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>The bias gradient of a convolution: <c>db[c] += Σ over batch and pixels of dy[n, c, ·]</c>.</summary>
internal static class ConvBiasGradient
{
    public static void Accumulate(float[] dy, float[] db, int batch, int channels, int plane)
    {
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++) db[c] += TensorPrimitives.Sum(dy.AsSpan((n * channels + c) * plane, plane));
        }
    }
}
