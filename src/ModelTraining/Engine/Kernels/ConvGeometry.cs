namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The index arithmetic shared by im2col and col2im: a <see cref="Channels"/>×<see cref="Height"/>×<see cref="Width"/>
/// image, a kernel sliding with a stride over it after zero padding at the top/left (bottom/right padding only shows in
/// the output size), and the <see cref="OutHeight"/>×<see cref="OutWidth"/> grid of kernel positions. For a
/// convolution the image is its input; for a transposed convolution it is its output and the grid is its input.
/// </summary>
internal readonly record struct ConvGeometry(
    int Channels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PadTop, int PadLeft,
    int OutHeight, int OutWidth)
{
    /// <summary>Rows of the column matrix: one per (channel, kernel row, kernel column).</summary>
    public int ColumnRows => Channels * KernelHeight * KernelWidth;

    /// <summary>Columns of the column matrix: one per kernel position.</summary>
    public int ColumnCount => OutHeight * OutWidth;

    /// <summary>Values in one image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Multiply-adds of one image through a kernel with <paramref name="filters"/> output channels.</summary>
    public long MultiplyAdds(int filters) => (long)filters * ColumnRows * ColumnCount;

    /// <summary>The geometry of a convolution's input; the output size follows from kernel, stride and padding.</summary>
    public static ConvGeometry ForConvolution(
        string op, int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, ConvPadding padding)
    {
        Validate(op, kernelHeight, kernelWidth, stride, padding);
        var outHeight = (height + padding.Top + padding.Bottom - kernelHeight) / stride + 1;
        var outWidth = (width + padding.Left + padding.Right - kernelWidth) / stride + 1;
        if (height + padding.Top + padding.Bottom < kernelHeight || width + padding.Left + padding.Right < kernelWidth)
        {
            throw new ArgumentException($"{op}: the {kernelHeight}x{kernelWidth} kernel does not fit the padded {height}x{width} input.");
        }
        return new ConvGeometry(channels, height, width, kernelHeight, kernelWidth, stride, stride, padding.Top, padding.Left, outHeight, outWidth);
    }

    /// <summary>
    /// The geometry of a transposed convolution, seen from its output (size <c>(in−1)·stride − padTop − padBottom +
    /// kernel + outputPadding</c>), whose kernel positions are the input pixels.
    /// </summary>
    public static ConvGeometry ForTransposed(
        string op, int outChannels, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int stride,
        ConvPadding padding, int outputPadding)
    {
        Validate(op, kernelHeight, kernelWidth, stride, padding);
        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"{op}: output padding must be in [0, stride).");
        }
        var height = (inHeight - 1) * stride - padding.Top - padding.Bottom + kernelHeight + outputPadding;
        var width = (inWidth - 1) * stride - padding.Left - padding.Right + kernelWidth + outputPadding;
        if (height <= 0 || width <= 0) throw new ArgumentException($"{op}: padding leaves no output for a {inHeight}x{inWidth} input.");
        return new ConvGeometry(outChannels, height, width, kernelHeight, kernelWidth, stride, stride, padding.Top, padding.Left, inHeight, inWidth);
    }

    private static void Validate(string op, int kernelHeight, int kernelWidth, int stride, ConvPadding padding)
    {
        if (kernelHeight <= 0 || kernelWidth <= 0) throw new ArgumentException($"{op}: kernel size must be positive, got {kernelHeight}x{kernelWidth}.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"{op}: stride must be positive.");
        if (!padding.IsValid) throw new ArgumentException($"{op}: padding must not be negative, got {padding}.");
    }
}
