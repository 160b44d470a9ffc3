using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The zero-padded layout of a stride-1 convolution's input: each channel placed at (PadTop, PadLeft) in a
/// <see cref="Height"/>×<see cref="Width"/> plane (Width = OutWidth + kw − 1). Kernel tap (u, v) of output pixel
/// (i, j) then reads plane offset <c>(i + u)·Width + j + v</c> = <c>q + u·Width + v</c> with <c>q = i·Width + j</c>: on a
/// "wide" output grid of row length Width, a tap is one contiguous shifted slice of <see cref="WideLength"/> values
/// (the Width − OutWidth extra columns of each wide row hold garbage and are dropped).
/// </summary>
internal readonly record struct PaddedPlane(int Width, int Height, int WideLength)
{
    public int Plane => Width * Height;

    public static PaddedPlane Of(in ConvGeometry g)
    {
        int width = g.OutWidth + g.KernelWidth - 1, height = g.OutHeight + g.KernelHeight - 1;
        return new PaddedPlane(width, height, (g.OutHeight - 1) * width + g.OutWidth);
    }

    /// <summary>Plane offset of kernel tap (u, v).</summary>
    public int TapOffset(int u, int v) => u * Width + v;

    /// <summary>xpad = image placed at (PadTop, PadLeft), zeros around (and cropped where padding is negative-free).</summary>
    public void Fill(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> xpad)
    {
        xpad.Clear();
        CopyInterior(image, g, xpad);
    }

    /// <summary>
    /// Writes the image into the interior of xpad and leaves the border untouched: for a buffer cleared once and refilled
    /// image after image, whose border therefore stays zero.
    /// </summary>
    public void CopyInterior(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> xpad)
    {
        var rows = Math.Min(g.Height, Height - g.PadTop);
        var cols = Math.Min(g.Width, Width - g.PadLeft);
        for (var c = 0; c < g.Channels; c++)
        {
            for (var i = 0; i < rows; i++)
            {
                image.Slice((c * g.Height + i) * g.Width, cols).CopyTo(xpad.Slice(c * Plane + (i + g.PadTop) * Width + g.PadLeft));
            }
        }
    }

    /// <summary>image += the interior of a padded gradient whose channel planes are <paramref name="channelStride"/> apart.</summary>
    public void AddInterior(ReadOnlySpan<float> dxpad, int channelStride, Span<float> image, in ConvGeometry g)
    {
        var rows = Math.Min(g.Height, Height - g.PadTop);
        var cols = Math.Min(g.Width, Width - g.PadLeft);
        for (var c = 0; c < g.Channels; c++)
        {
            for (var i = 0; i < rows; i++)
            {
                var target = image.Slice((c * g.Height + i) * g.Width, cols);
                TensorPrimitives.Add(target, dxpad.Slice(c * channelStride + (i + g.PadTop) * Width + g.PadLeft, cols), target);
            }
        }
    }

    /// <summary>The OutHeight×OutWidth plane of a wide buffer.</summary>
    public void Crop(ReadOnlySpan<float> wide, Span<float> plane, in ConvGeometry g)
    {
        for (var i = 0; i < g.OutHeight; i++) wide.Slice(i * Width, g.OutWidth).CopyTo(plane.Slice(i * g.OutWidth));
    }

    /// <summary>A plane spread over a wide buffer, zeros in the extra columns.</summary>
    public void Widen(ReadOnlySpan<float> plane, Span<float> wide, in ConvGeometry g)
    {
        wide.Clear();
        for (var i = 0; i < g.OutHeight; i++) plane.Slice(i * g.OutWidth, g.OutWidth).CopyTo(wide.Slice(i * Width));
    }
}
