using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using DenoiseApi.Imaging.Decoding;

// The fuzz command's benchmark times this decoder with and without its own inflater, side by side.
[assembly: InternalsVisibleTo("Imaging.Fuzz")]

namespace DenoiseApi.Imaging.Png;

/// <summary>
/// PNG decoder for every standard colour type and bit depth, with Adam7 interlacing and CRC checks. The zlib stream is
/// never inflated past the size the header implies, so a decompression bomb costs nothing: small images are inflated
/// whole by <see cref="ZlibInflater"/>, larger ones scanline by scanline through ZLibStream.
/// </summary>
internal static class PngDecoder
{
    /// <summary>
    /// Largest scanline data (filter bytes included) inflated whole by the own <see cref="ZlibInflater"/> into a pooled
    /// buffer; larger images stream scanline by scanline through ZLibStream (zlib-ng), so their memory stays one row.
    /// Measured with <c>dotnet run --project tests/Imaging.Fuzz -c Release -- --bench</c> (2 cores, shared, 11:24 UTC
    /// 2026-11-22), whole decode own / ZLibStream: 28x28 gray (812 B, the MNIST digit) 2.7 / 6.1 us median, of which
    /// inflating alone 0.7 / 1.2 us (the rest of the ZLibStream cost is one call into zlib per scanline); 64x64 20 / 31 us;
    /// 128x128 90 / 118 us; 255x255 (65 KB) 405 / 474 us; 362x362 (131 KB) 756 / 850 us; 512x512 (263 KB) 1.48 / 1.57 ms.
    /// The gain shrinks to the noise by 256 KiB, so beyond that the bounded memory of streaming wins.
    /// </summary>
    internal const int OwnInflaterMaxBytes = 256 * 1024;

    /// <summary>Adam7 passes: first column, first row, column step, row step.</summary>
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private static readonly (int X0, int Y0, int Dx, int Dy)[] Progressive = [(0, 0, 1, 1)];

    private const long MaxDeflateRatio = 1032;

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(PngChunkReader.Signature);

    public static ImageInfo Probe(ReadOnlySpan<byte> data)
    {
        var reader = new PngChunkReader(data);
        PngHeader header = ReadHeader(ref reader);
        bool hasTransparency = false;
        while (!reader.AtEnd)
        {
            reader.Next(out uint type, out _);
            if (type == PngChunk.Trns)
            {
                hasTransparency = true;
            }
            else if (type is PngChunk.Idat or PngChunk.Iend)
            {
                break;
            }
        }

        bool hasAlpha = hasTransparency || header.ColorType is PngColorType.GrayAlpha or PngColorType.Rgba;
        return new ImageInfo(ImageFormat.Png, header.Width, header.Height, hasAlpha, header.BitDepth);
    }

    public static GrayImage Decode(ReadOnlySpan<byte> data, ImageLimits limits) => Decode(data, limits, OwnInflaterMaxBytes);

    /// <summary>Decodes with the own inflater for scanline data up to <paramref name="ownInflaterMaxBytes"/> (0: never).</summary>
    internal static GrayImage Decode(ReadOnlySpan<byte> data, ImageLimits limits, int ownInflaterMaxBytes)
    {
        var reader = new PngChunkReader(data);
        PngHeader header = ReadHeader(ref reader);
        limits.Check(header.Width, header.Height);

        ReadOnlySpan<byte> palette = default;
        ReadOnlySpan<byte> transparency = default;
        long compressedLength = 0;
        int firstIdat = -1;
        int position = PngChunkReader.Signature.Length + 25;
        int lastIdatEnd = -1;
        while (!reader.AtEnd)
        {
            reader.Next(out uint type, out ReadOnlySpan<byte> chunk);
            int chunkStart = position;
            position += chunk.Length + 12;
            switch (type)
            {
                case PngChunk.Idat:
                    if (firstIdat >= 0 && lastIdatEnd != chunkStart)
                    {
                        throw ImageDecodeException.Malformed("PNG IDAT chunks are not consecutive.");
                    }

                    firstIdat = firstIdat < 0 ? chunkStart : firstIdat;
                    lastIdatEnd = position;
                    compressedLength += chunk.Length;
                    break;
                case PngChunk.Plte:
                    if (chunk.Length % 3 != 0 || chunk.Length > 768 || chunk.Length == 0)
                    {
                        throw ImageDecodeException.Malformed("PNG PLTE chunk has an invalid length.");
                    }

                    palette = chunk;
                    break;
                case PngChunk.Trns:
                    transparency = chunk;
                    break;
                case PngChunk.Ihdr:
                    throw ImageDecodeException.Malformed("PNG has more than one IHDR chunk.");
                case PngChunk.Iend:
                    break;
                default:
                    if (PngChunkReader.IsCritical(type))
                    {
                        throw ImageDecodeException.Unsupported("PNG has an unknown critical chunk.");
                    }

                    break;
            }

            if (type == PngChunk.Iend)
            {
                break;
            }
        }

        if (firstIdat < 0)
        {
            throw ImageDecodeException.Malformed("PNG has no image data (IDAT).");
        }

        // Deflate cannot expand data more than 1032-fold; less compressed data than that cannot be this image.
        long scanlineBytes = ScanlineBytes(header);
        if (scanlineBytes > (compressedLength * MaxDeflateRatio) + 1024)
        {
            throw ImageDecodeException.Malformed("PNG image data is far too short for the size in its header.");
        }

        var converter = new PngPixelConverter(header, palette, transparency);
        byte[] compressed = ArrayPool<byte>.Shared.Rent((int)compressedLength);
        try
        {
            int filled = GatherIdat(data[firstIdat..lastIdatEnd], compressed);
            return scanlineBytes <= ownInflaterMaxBytes
                ? InflateWhole(header, converter, compressed.AsSpan(0, filled), (int)scanlineBytes)
                : Inflate(header, converter, compressed, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>Size of the filtered scanlines the zlib stream must deliver (all passes, filter bytes included).</summary>
    private static long ScanlineBytes(PngHeader header)
    {
        long total = 0;
        foreach (var (x0, y0, dx, dy) in header.Interlaced ? Adam7 : Progressive)
        {
            long passWidth = header.Width > x0 ? (header.Width - x0 + dx - 1) / dx : 0;
            long passHeight = header.Height > y0 ? (header.Height - y0 + dy - 1) / dy : 0;
            if (passWidth > 0 && passHeight > 0)
            {
                total += passHeight * (1 + header.RowBytes((int)passWidth));
            }
        }

        return total;
    }

    private static PngHeader ReadHeader(ref PngChunkReader reader)
    {
        if (reader.AtEnd)
        {
            throw ImageDecodeException.Malformed("PNG ends after its signature.");
        }

        reader.Next(out uint type, out ReadOnlySpan<byte> ihdr);
        if (type != PngChunk.Ihdr)
        {
            throw ImageDecodeException.Malformed("PNG does not start with an IHDR chunk.");
        }

        return PngHeader.Parse(ihdr);
    }

    /// <summary>Copies the payloads of consecutive IDAT chunks (already CRC-checked) into one buffer.</summary>
    private static int GatherIdat(ReadOnlySpan<byte> chunks, byte[] destination)
    {
        int filled = 0;
        int position = 0;
        while (position < chunks.Length)
        {
            int length = (int)BigEndian.ReadUInt32(chunks, position);
            chunks.Slice(position + 8, length).CopyTo(destination.AsSpan(filled));
            filled += length;
            position += length + 12;
        }

        return filled;
    }

    /// <summary>Inflates the whole scanline data at once with the own inflater (small images).</summary>
    private static GrayImage InflateWhole(PngHeader header, PngPixelConverter converter, ReadOnlySpan<byte> compressed, int scanlineBytes)
    {
        byte[] scanlines = ArrayPool<byte>.Shared.Rent(scanlineBytes);
        try
        {
            ZlibInflater.Inflate(compressed, scanlines.AsSpan(0, scanlineBytes));
            var source = new ScanlineSource(null, scanlines);
            return Unfilter(header, converter, ref source);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scanlines);
        }
    }

    /// <summary>Inflates scanline by scanline through ZLibStream (large images).</summary>
    private static GrayImage Inflate(PngHeader header, PngPixelConverter converter, byte[] compressed, int length)
    {
        try
        {
            using var memory = new MemoryStream(compressed, 0, length, writable: false);
            using var zlib = new ZLibStream(memory, CompressionMode.Decompress);
            var source = new ScanlineSource(zlib, null);
            return Unfilter(header, converter, ref source);
        }
        catch (InvalidDataException e)
        {
            throw new ImageDecodeException(ImageErrorKind.Malformed, "PNG image data is not a valid zlib stream.", e);
        }
        catch (EndOfStreamException e)
        {
            throw new ImageDecodeException(ImageErrorKind.Malformed, "PNG image data ends early.", e);
        }
        catch (IOException e)
        {
            // ZLibException: zlib itself refused the stream (for example one that asks for a preset dictionary).
            throw new ImageDecodeException(ImageErrorKind.Malformed, "PNG image data is not a valid zlib stream.", e);
        }
    }

    /// <summary>Reads, unfilters and converts every scanline of every pass.</summary>
    private static GrayImage Unfilter(PngHeader header, PngPixelConverter converter, ref ScanlineSource source)
    {
        int width = header.Width;
        int height = header.Height;
        var luma = new float[(long)width * height];
        float[]? alpha = converter.HasAlpha ? new float[luma.Length] : null;
        int stride = header.FilterStride;
        int maxRowBytes = checked((int)header.RowBytes(width)) + 1;
        byte[] current = ArrayPool<byte>.Shared.Rent(maxRowBytes);
        byte[] previous = ArrayPool<byte>.Shared.Rent(maxRowBytes);
        try
        {
            foreach (var (x0, y0, dx, dy) in header.Interlaced ? Adam7 : Progressive)
            {
                int passWidth = width > x0 ? (width - x0 + dx - 1) / dx : 0;
                int passHeight = height > y0 ? (height - y0 + dy - 1) / dy : 0;
                if (passWidth == 0 || passHeight == 0)
                {
                    continue;
                }

                int rowBytes = (int)header.RowBytes(passWidth);
                Span<byte> prior = previous.AsSpan(0, rowBytes);
                prior.Clear();
                for (int r = 0, y = y0; r < passHeight; r++, y += dy)
                {
                    Span<byte> line = current.AsSpan(0, rowBytes + 1);
                    source.Read(line);
                    Span<byte> row = line[1..];
                    PngFilters.Unfilter(line[0], row, prior, stride);
                    converter.ConvertRow(row, passWidth, luma, alpha, (y * width) + x0, dx);
                    row.CopyTo(prior);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(previous);
        }

        if (alpha is not null)
        {
            AlphaCompositor.Composite(luma, alpha);
        }

        return new GrayImage(width, height, luma);
    }

    /// <summary>Filtered scanlines from a zlib stream being read, or from data already inflated whole.</summary>
    private struct ScanlineSource(ZLibStream? stream, byte[]? inflated)
    {
        private int _position;

        public void Read(Span<byte> line)
        {
            if (stream is not null)
            {
                stream.ReadExactly(line);
                return;
            }

            inflated.AsSpan(_position, line.Length).CopyTo(line);
            _position += line.Length;
        }
    }
}
