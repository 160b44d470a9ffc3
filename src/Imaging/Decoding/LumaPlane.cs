using System.Buffers;
using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// A decoded ImageSharp image as our luma plane: BT.601 weights (as PIL's <c>convert("L")</c> and libjpeg use, so a
/// JPEG's luma is its Y channel), computed while the rows are read out; transparent pixels are then flattened by
/// <see cref="AlphaCompositor"/>. The alpha plane exists only once a pixel that is not opaque has been seen.
/// </summary>
internal static class LumaPlane
{
    private const float R = 0.299f;
    private const float B = 0.114f;

    /// <summary>
    /// The luma of each 8-bit gray level exactly as <see cref="From{TPixel}"/> computes it for the RGBA pixel
    /// (level, level, level, 255), so an image decoded as L8 gives the same plane to the last bit.
    /// </summary>
    private static readonly float[] GrayLevels = CreateGrayLevels();

    /// <summary>An opaque 8-bit gray image (no alpha plane is ever needed).</summary>
    public static GrayImage FromGray(Image<L8> image)
    {
        int width = image.Width;
        var luma = new float[(long)width * image.Height];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<L8> row = accessor.GetRowSpan(y);
                Span<float> target = luma.AsSpan(y * width, width);
                for (int x = 0; x < row.Length; x++)
                {
                    target[x] = GrayLevels[row[x].PackedValue];
                }
            }
        });
        return new GrayImage(width, image.Height, luma);
    }

    public static GrayImage From<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var plane = new Converter(image.Width, image.Height);
        image.ProcessPixelRows(plane.Convert);
        return plane.Finish();
    }

    private static float[] CreateGrayLevels()
    {
        using var levels = new Image<Rgba32>(AcceptedFormats.Configuration, 256, 1);
        levels.ProcessPixelRows(accessor =>
        {
            Span<Rgba32> row = accessor.GetRowSpan(0);
            for (int level = 0; level < row.Length; level++)
            {
                row[level] = new Rgba32((byte)level, (byte)level, (byte)level, 255);
            }
        });
        return From(levels).Pixels;
    }

    private sealed class Converter(int width, int height)
    {
        private readonly float[] _luma = new float[(long)width * height];
        private float[]? _alpha;

        public void Convert<TPixel>(PixelAccessor<TPixel> accessor)
            where TPixel : unmanaged, IPixel<TPixel>
        {
            Vector4[] row = ArrayPool<Vector4>.Shared.Rent(width);
            try
            {
                Span<Vector4> vectors = row.AsSpan(0, width);
                for (int y = 0; y < accessor.Height; y++)
                {
                    PixelOperations<TPixel>.Instance.ToVector4(AcceptedFormats.Configuration, accessor.GetRowSpan(y), vectors);
                    Span<float> luma = _luma.AsSpan(y * width, width);
                    for (int x = 0; x < vectors.Length; x++)
                    {
                        // 0.299 R + 0.587 G + 0.114 B, written so that gray pixels keep their exact level.
                        Vector4 v = vectors[x];
                        luma[x] = v.Y + (R * (v.X - v.Y)) + (B * (v.Z - v.Y));
                    }

                    RecordAlpha(vectors, y * width);
                }
            }
            finally
            {
                ArrayPool<Vector4>.Shared.Return(row);
            }
        }

        public GrayImage Finish()
        {
            if (_alpha is not null)
            {
                AlphaCompositor.Composite(_luma, _alpha);
            }

            return new GrayImage(width, height, _luma);
        }

        private void RecordAlpha(ReadOnlySpan<Vector4> vectors, int offset)
        {
            for (int x = 0; x < vectors.Length; x++)
            {
                float a = vectors[x].W;
                if (a < 1f && _alpha is null)
                {
                    _alpha = new float[_luma.Length];
                    _alpha.AsSpan(0, offset + x).Fill(1f);
                }

                if (_alpha is not null)
                {
                    _alpha[offset + x] = a;
                }
            }
        }
    }
}
