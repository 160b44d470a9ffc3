using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// Hands ImageSharp 2.1.13 an Adam7-interlaced PNG only in the one shape its interlaced decoder is safe on.
/// <para>
/// The flaw (PngDecoderCore.DecodeInterlacedPixelData, found by fuzzing, seen with dotnet-stack): when the compressed
/// data runs out before the last pass is complete, it leaves the row loop but never the pass loop, and calls
/// <c>DeflateStream.Read</c> for ever. The inflater has finished, so nothing reads the upload's stream again: no
/// cancellation token or stream wrapper can stop it, and a core and a decode slot are lost for good. Every truncated
/// interlaced PNG does it, and so does a second run of IDAT chunks after a complete image (the decoder starts again at
/// pass 1), which a crafted file can also plant in whatever the decoder reads after the image data.
/// </para>
/// <para>
/// So an interlaced PNG is checked and rewritten before it reaches the decoder: its chunks must be well formed (IHDR
/// first, critical chunks with correct CRCs, one run of IDAT chunks); the image data is inflated here, through
/// <see cref="DeflateStream"/>, up to exactly the bytes the seven passes need (too few: refused as truncated, as 400);
/// and those bytes are compressed again into a single IDAT, the last chunk of the file, whose tail after the compressed
/// data is padding that cannot be read as a chunk. The decoder then always finds all the data it asks for and nothing
/// after it. Chunks before the image data are kept as they are (palette, transparency, EXIF orientation); an eXIf chunk
/// after it is moved before it; other trailing chunks (text, time) are dropped.
/// </para>
/// </summary>
internal static class InterlacedPngRepacker
{
    private const uint Ihdr = 0x49484452;
    private const uint Idat = 0x49444154;
    private const uint Iend = 0x49454E44;
    private const uint Plte = 0x504C5445;
    private const uint Exif = 0x65584966;

    /// <summary>
    /// Bytes after the compressed data in the rewritten IDAT. Every one is 0x80 or more, so any four bytes the decoder
    /// may take as the next chunk's length, starting anywhere from the end of the data to the end of the file, read as a
    /// negative number or as more than what is left: it stops there, as at the end of a well-formed file.
    /// </summary>
    private const int PaddingLength = 8;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> is a PNG whose header declares Adam7 interlacing.</summary>
    public static bool IsInterlaced(ReadOnlySpan<byte> data) =>
        data.Length > 28 && data.StartsWith(Signature) && BinaryPrimitives.ReadUInt32BigEndian(data[12..]) == Ihdr && data[28] == 1;

    /// <summary>The rewritten file; throws <see cref="ImageDecodeException"/> when the PNG is damaged or truncated.</summary>
    public static byte[] Repack(ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        Layout layout = Walk(data);
        long needed = DataBytesNeeded(layout.Header);
        byte[] compressed = Recompress(layout.ImageData(data), needed, cancellationToken);

        var output = new ArrayBufferWriter<byte>(data.Length + compressed.Length + 64);
        output.Write(Signature);
        foreach (Range chunk in layout.KeptChunks)
        {
            output.Write(data[chunk]);
        }

        WriteImageDataChunk(output, compressed);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Bytes of filtered scanlines the seven passes read, computed as ImageSharp 2.1.13 computes them.</summary>
    internal static long DataBytesNeeded(PngHeader header)
    {
        ReadOnlySpan<int> firstColumn = [0, 4, 0, 2, 0, 1, 0];
        ReadOnlySpan<int> columnStep = [8, 8, 4, 4, 2, 2, 1];
        ReadOnlySpan<int> firstRow = [0, 0, 4, 0, 2, 0, 1];
        ReadOnlySpan<int> rowStep = [8, 8, 8, 4, 4, 2, 2];
        long total = 0;
        for (int pass = 0; pass < 7; pass++)
        {
            long columns = header.Width > firstColumn[pass] ? ((header.Width - firstColumn[pass] + columnStep[pass] - 1) / columnStep[pass]) : 0;
            long rows = header.Height > firstRow[pass] ? ((header.Height - firstRow[pass] + rowStep[pass] - 1) / rowStep[pass]) : 0;
            if (columns > 0)
            {
                total += rows * (1 + header.ScanlineBytes(columns));
            }
        }

        return total;
    }

    private static Layout Walk(ReadOnlySpan<byte> data)
    {
        var kept = new List<Range>();
        var movedExif = new List<Range>();
        var imageData = new List<Range>();
        PngHeader? header = null;
        bool imageDataEnded = false;
        int at = Signature.Length;
        while (at < data.Length)
        {
            if (data.Length - at < 12)
            {
                throw Truncated();
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 4)..]);
            if (length > (uint)(data.Length - at - 12))
            {
                throw Truncated();
            }

            var whole = new Range(at, at + 12 + (int)length);
            ReadOnlySpan<byte> body = data.Slice(at + 8, (int)length);
            if (type is Ihdr or Plte or Idat && Crc32.HashToUInt32(data.Slice(at + 4, 4 + (int)length)) != BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8 + (int)length)..]))
            {
                throw ImageDecodeException.Malformed($"The PNG image is damaged: the {ChunkName(type)} chunk's CRC does not match its data.");
            }

            if ((header is null) != (type == Ihdr))
            {
                throw ImageDecodeException.Malformed("The PNG image is damaged: it must have exactly one IHDR chunk, the first.");
            }

            if (type == Iend)
            {
                break;
            }

            if (type == Ihdr)
            {
                header = PngHeader.Parse(body);
                kept.Add(whole);
            }
            else if (type == Idat)
            {
                if (imageDataEnded)
                {
                    throw ImageDecodeException.Malformed("The PNG image is damaged: its IDAT chunks are not consecutive.");
                }

                imageData.Add(new Range(at + 8, at + 8 + (int)length));
            }
            else if (imageData.Count == 0)
            {
                kept.Add(whole);
            }
            else
            {
                imageDataEnded = true;
                if (type == Exif)
                {
                    movedExif.Add(whole);
                }
            }

            at = whole.End.Value;
        }

        if (header is null || imageData.Count == 0)
        {
            throw ImageDecodeException.Malformed("The PNG image has no image data (IDAT).");
        }

        kept.AddRange(movedExif);
        return new Layout(header.Value, kept, imageData);
    }

    /// <summary>
    /// Inflates the zlib stream (read as ImageSharp reads it: method 8, window at most 32 KB, a preset dictionary's id
    /// skipped) and deflates exactly <paramref name="needed"/> bytes of it again, as a raw stream under a zlib header.
    /// </summary>
    private static byte[] Recompress(byte[] zlib, long needed, CancellationToken cancellationToken)
    {
        if (zlib.Length < 2 || (zlib[0] & 0x0F) != 8 || zlib[0] >> 4 > 7)
        {
            throw ImageDecodeException.Malformed("The PNG image is damaged: its image data is not a zlib stream.");
        }

        int start = (zlib[1] & 0x20) != 0 ? 6 : 2;
        if (zlib.Length < start)
        {
            throw Truncated();
        }

        var output = new MemoryStream();
        output.Write([0x78, 0x01]);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(zlib, start, zlib.Length - start, writable: false), CompressionMode.Decompress);
            using (var deflater = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (long copied = 0; copied < needed;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int read = inflater.Read(buffer, 0, (int)Math.Min(buffer.Length, needed - copied));
                    if (read == 0)
                    {
                        throw ImageDecodeException.Malformed(
                            $"The interlaced PNG image is truncated: its image data holds {copied} of the {needed} bytes its size needs.");
                    }

                    deflater.Write(buffer, 0, read);
                    copied += read;
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageDecodeException(ImageErrorKind.Malformed, "The PNG image is damaged: its image data cannot be inflated.", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return output.ToArray();
    }

    private static void WriteImageDataChunk(ArrayBufferWriter<byte> output, byte[] compressed)
    {
        Span<byte> padding = stackalloc byte[PaddingLength];
        padding.Fill(0xFF);
        var crc = new Crc32();
        uint sum;

        // The chunk's CRC is the last four bytes of the file; its top bit set, they too read as a negative length.
        do
        {
            padding[^1]--;
            crc.Reset();
            crc.Append("IDAT"u8);
            crc.Append(compressed);
            crc.Append(padding);
            sum = crc.GetCurrentHashAsUInt32();
        }
        while (sum < 0x8000_0000u);

        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, compressed.Length + PaddingLength);
        output.Write(word);
        output.Write("IDAT"u8);
        output.Write(compressed);
        output.Write(padding);
        BinaryPrimitives.WriteUInt32BigEndian(word, sum);
        output.Write(word);
    }

    private static ImageDecodeException Truncated() =>
        ImageDecodeException.Malformed("The PNG image is truncated: a chunk runs past the end of the data.");

    private static string ChunkName(uint type) => type switch
    {
        Ihdr => "IHDR",
        Plte => "PLTE",
        _ => "IDAT",
    };

    /// <summary>The IHDR fields that size the image data.</summary>
    internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType)
    {
        public static PngHeader Parse(ReadOnlySpan<byte> body)
        {
            if (body.Length < 13)
            {
                throw ImageDecodeException.Malformed("The PNG image is damaged: its IHDR chunk is too short.");
            }

            return new PngHeader(
                BinaryPrimitives.ReadInt32BigEndian(body),
                BinaryPrimitives.ReadInt32BigEndian(body[4..]),
                body[8],
                body[9]);
        }

        /// <summary>Bytes of one scanline of <paramref name="columns"/> pixels, without its filter byte.</summary>
        public long ScanlineBytes(long columns)
        {
            bool wide = BitDepth == 16;
            int bytesPerPixel = ColorType switch
            {
                0 => wide ? 2 : 1,
                2 => wide ? 6 : 3,
                4 => wide ? 4 : 2,
                6 => wide ? 8 : 4,
                _ => 1,
            };
            int unit = wide ? 16 : 8;
            long bits = columns * BitDepth * bytesPerPixel;
            return (bits + unit - 1) / unit;
        }
    }

    private sealed record Layout(PngHeader Header, List<Range> KeptChunks, List<Range> ImageDataRanges)
    {
        public byte[] ImageData(ReadOnlySpan<byte> data)
        {
            var joined = new byte[ImageDataRanges.Sum(r => r.End.Value - r.Start.Value)];
            int at = 0;
            foreach (Range range in ImageDataRanges)
            {
                data[range].CopyTo(joined.AsSpan(at));
                at += range.End.Value - range.Start.Value;
            }

            return joined;
        }
    }
}
