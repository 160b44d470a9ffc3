using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using DenoiseApi.Imaging.Decoding;
using DenoiseApi.Imaging.Png;

namespace DenoiseApi.Imaging;

/// <summary>
/// Writes 8-bit grayscale PNG files with one zlib pass. Small images (up to 64x64, such as 28x28 digits) are stored
/// unfiltered, larger ones with libpng's adaptive per-row filter choice (minimum sum of absolute differences): on 300
/// MNIST test digits, sharp or blurred, unfiltered streams were 3-8% smaller than adaptive ones, while on photo-sized
/// images the filters win. Small images are compressed with <see cref="FixedHuffmanZlib"/> (no zlib set-up per image),
/// larger ones by zlib at its default level.
/// </summary>
public static class PngEncoder
{
    private const int SmallImagePixels = 64 * 64;

    /// <summary>
    /// Encodes <paramref name="pixels"/> (row-major luma, clamped to [0, 1], NaN as 0) as an 8-bit grayscale PNG.
    /// </summary>
    public static byte[] EncodeGray8(ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        if (pixels.Length <= SmallImagePixels) return EncodeSmall(pixels, width, height);

        byte[] scanlines = FilterRows(Quantise(pixels), width, height);
        return Assemble(width, height, Compress(scanlines, CompressionLevel.Optimal));
    }

    /// <summary>
    /// A small image on the stack: quantised, laid out unfiltered and compressed with the fixed codes there, so the
    /// finished file is the only allocation. On a 28x28 digit zlib's default level gives 507 bytes in ~16 µs of CPU,
    /// most of it setting up the deflater; this takes a small fraction of that (numbers in docs/benchmarks.md).
    /// </summary>
    private static byte[] EncodeSmall(ReadOnlySpan<float> pixels, int width, int height)
    {
        Span<byte> quantised = stackalloc byte[pixels.Length];
        Quantise(pixels, quantised);
        Span<byte> scanlines = stackalloc byte[(width + 1) * height]; // at most 2 * SmallImagePixels (rows of one pixel)
        for (int y = 0; y < height; y++)
        {
            scanlines[y * (width + 1)] = 0; // filter type None
            quantised.Slice(y * width, width).CopyTo(scanlines.Slice((y * (width + 1)) + 1, width));
        }

        Span<byte> idat = stackalloc byte[FixedHuffmanZlib.MaxCompressedLength(scanlines.Length)];
        return Assemble(width, height, idat[..FixedHuffmanZlib.Compress(scanlines, idat)]);
    }

    /// <summary>Signature, IHDR (8-bit gray), one IDAT and IEND in one exactly sized array.</summary>
    private static byte[] Assemble(int width, int height, ReadOnlySpan<byte> idat)
    {
        const int ChunkOverhead = 12; // length, type, CRC
        var png = new byte[PngChunkReader.Signature.Length + (ChunkOverhead + 13) + (ChunkOverhead + idat.Length) + ChunkOverhead];
        PngChunkReader.Signature.CopyTo(png);
        int at = PngChunkReader.Signature.Length;

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = 8;
        ihdr[9] = (byte)PngColorType.Gray;
        at += WriteChunk(png.AsSpan(at), PngChunk.Ihdr, ihdr);
        at += WriteChunk(png.AsSpan(at), PngChunk.Idat, idat);
        WriteChunk(png.AsSpan(at), PngChunk.Iend, []);
        return png;
    }

    private static byte[] Quantise(ReadOnlySpan<float> pixels)
    {
        var bytes = new byte[pixels.Length];
        Quantise(pixels, bytes);
        return bytes;
    }

    /// <summary>Rounds to 0..255; NaN and negatives become 0, values above 1 become 255.</summary>
    private static void Quantise(ReadOnlySpan<float> pixels, Span<byte> bytes)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Four float vectors make one byte vector: convert, then narrow int -> short -> byte (values are 0..255).
            int step = Vector<byte>.Count;
            var one = Vector<float>.One;
            var scale = new Vector<float>(255f);
            var half = new Vector<float>(0.5f);
            for (; i <= pixels.Length - step; i += step)
            {
                ReadOnlySpan<float> block = pixels.Slice(i, step);
                var a = Levels(new Vector<float>(block), one, scale, half);
                var b = Levels(new Vector<float>(block[Vector<float>.Count..]), one, scale, half);
                var c = Levels(new Vector<float>(block[(2 * Vector<float>.Count)..]), one, scale, half);
                var d = Levels(new Vector<float>(block[(3 * Vector<float>.Count)..]), one, scale, half);
                var low = Vector.AsVectorUInt16(Vector.Narrow(a, b));
                var high = Vector.AsVectorUInt16(Vector.Narrow(c, d));
                Vector.Narrow(low, high).CopyTo(bytes.Slice(i, step));
            }
        }

        for (; i < pixels.Length; i++)
        {
            float v = pixels[i];
            bytes[i] = v > 0f ? (byte)((Math.Min(v, 1f) * 255f) + 0.5f) : (byte)0;
        }
    }

    /// <summary>The scalar rule of <see cref="Quantise(ReadOnlySpan{float}, Span{byte})"/> on a vector, as 32-bit levels.</summary>
    private static Vector<int> Levels(Vector<float> v, Vector<float> one, Vector<float> scale, Vector<float> half)
    {
        var level = Vector.ConvertToInt32((Vector.Min(v, one) * scale) + half);
        return Vector.AsVectorInt32(Vector.GreaterThan(v, Vector<float>.Zero)) & level; // NaN and v <= 0 compare false: 0
    }

    private static byte[] Compress(byte[] scanlines, CompressionLevel level)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        return compressed.ToArray();
    }

    /// <summary>Prefixes each row with the filter byte that makes the row smallest, and filters it so.</summary>
    private static byte[] FilterRows(byte[] quantised, int width, int height)
    {
        var result = new byte[(long)(width + 1) * height];
        var previous = new byte[width];
        var candidate = new byte[width];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> current = quantised.AsSpan(y * width, width);
            Span<byte> target = result.AsSpan(y * (width + 1), width + 1);
            long best = long.MaxValue;
            for (byte filter = 0; filter <= 4; filter++)
            {
                Filter(filter, current, previous, candidate);
                long cost = 0;
                foreach (byte b in candidate)
                {
                    cost += b < 128 ? b : 256 - b;
                }

                if (cost < best)
                {
                    best = cost;
                    target[0] = filter;
                    candidate.CopyTo(target[1..]);
                }
            }

            current.CopyTo(previous);
        }

        return result;
    }

    private static void Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, Span<byte> output)
    {
        for (int i = 0; i < row.Length; i++)
        {
            byte left = i > 0 ? row[i - 1] : (byte)0;
            byte up = prior[i];
            byte upLeft = i > 0 ? prior[i - 1] : (byte)0;
            byte predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (byte)((left + up) >> 1),
                _ => PngFilters.Paeth(left, up, upLeft),
            };
            output[i] = (byte)(row[i] - predictor);
        }
    }

    /// <summary>Writes one chunk (length, type, data, CRC) at the start of <paramref name="output"/>; returns its size.</summary>
    private static int WriteChunk(Span<byte> output, uint type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], type);
        data.CopyTo(output[8..]);
        uint crc = Crc32.Compute(output.Slice(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(output[(8 + data.Length)..], crc);
        return 12 + data.Length;
    }
}
