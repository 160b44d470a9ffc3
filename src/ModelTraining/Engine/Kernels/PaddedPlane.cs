using System.Runtime.Intrinsics;

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
    public unsafe void CopyInterior(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> xpad)
    {
        var rows = Math.Min(g.Height, Height - g.PadTop);
        var cols = Math.Min(g.Width, Width - g.PadLeft);
        if (rows <= 0 || cols <= 0) return;
        CheckInterior(image.Length, xpad.Length, Plane, rows, cols, g);
        fixed (float* source = image)
        fixed (float* target = xpad)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                for (var i = 0; i < rows; i++)
                {
                    CopyRow(source + (long)(c * g.Height + i) * g.Width, target + (long)c * Plane + (long)(i + g.PadTop) * Width + g.PadLeft, cols);
                }
            }
        }
    }

    /// <summary>
    /// image += the interior of a padded gradient whose channel planes are <paramref name="channelStride"/> apart; with
    /// <paramref name="overwrite"/> image = the interior (pixels the padded plane does not hold become 0).
    /// </summary>
    public unsafe void AddInterior(ReadOnlySpan<float> dxpad, int channelStride, Span<float> image, in ConvGeometry g, bool overwrite = false)
    {
        var rows = Math.Min(g.Height, Height - g.PadTop);
        var cols = Math.Min(g.Width, Width - g.PadLeft);
        if (overwrite && (rows < g.Height || cols < g.Width))
        {
            image[..g.ImageSize].Clear();
            overwrite = false;
        }
        if (rows <= 0 || cols <= 0) return;
        CheckInterior(image.Length, dxpad.Length, channelStride, rows, cols, g);
        fixed (float* source = dxpad)
        fixed (float* target = image)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                for (var i = 0; i < rows; i++)
                {
                    float* from = source + (long)c * channelStride + (long)(i + g.PadTop) * Width + g.PadLeft, to = target + (long)(c * g.Height + i) * g.Width;
                    if (overwrite) CopyRow(from, to, cols);
                    else AddRow(from, to, cols);
                }
            }
        }
    }

    /// <summary>Both the image and the padded buffer (planes <paramref name="channelStride"/> apart) hold every row touched.</summary>
    private void CheckInterior(int imageLength, int paddedLength, int channelStride, int rows, int cols, in ConvGeometry g)
    {
        var lastImage = (long)((g.Channels - 1) * g.Height + rows - 1) * g.Width + cols;
        var lastPadded = (long)(g.Channels - 1) * channelStride + (long)(rows - 1 + g.PadTop) * Width + g.PadLeft + cols;
        if (lastImage > imageLength || lastPadded > paddedLength) throw new ArgumentException("Image or padded buffer too short for the geometry.");
    }

    private static unsafe void CopyRow(float* source, float* target, int count)
    {
        var j = 0;
        for (; j <= count - 8; j += 8) Vector256.Store(Vector256.Load(source + j), target + j);
        for (; j < count; j++) target[j] = source[j];
    }

    private static unsafe void AddRow(float* source, float* target, int count)
    {
        var j = 0;
        for (; j <= count - 8; j += 8) Vector256.Store(Vector256.Load(target + j) + Vector256.Load(source + j), target + j);
        for (; j < count; j++) target[j] += source[j];
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
