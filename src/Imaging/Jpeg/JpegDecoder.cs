using System.Buffers.Binary;
using DenoiseApi.Imaging.Decoding;

namespace DenoiseApi.Imaging.Jpeg;

/// <summary>
/// Managed JPEG decoder: baseline and extended sequential (Huffman, 8-bit) and progressive, grayscale, YCbCr (any
/// sampling factors) and RGB. Luma is the Y channel itself, which JFIF defines with the same BT.601 weights used for
/// every other format, so chroma is entropy-decoded (the bitstream requires it) but never transformed.
/// The EXIF orientation of camera files is applied, so width and height are those of the upright image.
/// Lossless, hierarchical, arithmetic-coded, 12-bit and CMYK files are refused as unsupported.
/// </summary>
internal static class JpegDecoder
{
    private const byte Sof0 = 0xC0, Sof1 = 0xC1, Sof2 = 0xC2, Dht = 0xC4, Dac = 0xCC;
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Dqt = 0xDB, Dnl = 0xDC, Dri = 0xDD, App1 = 0xE1, App14 = 0xEE;

    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == Soi && data[2] == 0xFF;

    public static ImageInfo Probe(ReadOnlySpan<byte> data)
    {
        var state = new DecoderState();
        Parse(data, state, ImageLimits.Default, headerOnly: true);
        JpegFrame frame = state.Frame ?? throw ImageDecodeException.Malformed("JPEG has no frame header.");
        bool swap = ExifOrientation.SwapsAxes(state.Orientation);
        return new ImageInfo(ImageFormat.Jpeg, swap ? frame.Height : frame.Width, swap ? frame.Width : frame.Height, false, 8);
    }

    public static GrayImage Decode(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        var state = new DecoderState();
        Parse(data, state, limits, headerOnly: false);
        JpegFrame frame = state.Frame ?? throw ImageDecodeException.Malformed("JPEG has no frame header.");
        if (state.Scans == 0)
        {
            throw ImageDecodeException.Malformed("JPEG has no image data.");
        }

        return ExifOrientation.Apply(Render(frame, state), state.Orientation);
    }

    /// <summary>Walks the marker segments; decodes each scan as it comes unless only the header is wanted.</summary>
    private static void Parse(ReadOnlySpan<byte> data, DecoderState state, ImageLimits limits, bool headerOnly)
    {
        if (!IsJpeg(data))
        {
            throw ImageDecodeException.Malformed("Not a JPEG start-of-image marker.");
        }

        int position = 2;
        while (true)
        {
            // Find the next marker, stepping over fill bytes and any garbage between segments.
            while (position < data.Length && data[position] != 0xFF)
            {
                position++;
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                return; // A truncated file keeps what its complete scans gave.
            }

            byte marker = data[position++];
            if (marker is 0x00 or 0x01 or Soi or (>= 0xD0 and <= 0xD7))
            {
                continue; // Stuffed byte, TEM, stray SOI or RSTn: no segment follows.
            }

            if (marker == Eoi)
            {
                return;
            }

            ReadOnlySpan<byte> segment = Segment(data, position);
            position += segment.Length + 2;
            switch (marker)
            {
                case Sof0 or Sof1 or Sof2:
                    state.Frame = state.Frame is null
                        ? ReadFrame(segment, marker == Sof2, limits, headerOnly)
                        : throw ImageDecodeException.Malformed("JPEG has more than one frame header.");
                    if (headerOnly)
                    {
                        return;
                    }

                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF) or Dac:
                    throw ImageDecodeException.Unsupported("Lossless, hierarchical and arithmetic-coded JPEG are not supported.");
                case Dht:
                    ReadHuffmanTables(segment, state);
                    break;
                case Dqt:
                    ReadQuantisationTables(segment, state);
                    break;
                case Dri:
                    state.RestartInterval = segment.Length >= 2
                        ? BinaryPrimitives.ReadUInt16BigEndian(segment)
                        : throw ImageDecodeException.Malformed("JPEG DRI segment is too short.");
                    break;
                case Dnl:
                    throw ImageDecodeException.Unsupported("JPEG with the height in a DNL marker is not supported.");
                case App14:
                    ReadAdobe(segment, state);
                    break;
                case App1 when state.Orientation == ExifOrientation.Normal:
                    state.Orientation = ExifOrientation.Read(segment);
                    break;
                case Sos:
                    JpegFrame frame = state.Frame ?? throw ImageDecodeException.Malformed("JPEG scan comes before the frame header.");
                    JpegScan scan = ReadScan(segment, frame, state);
                    CheckEnoughData(data.Length - position, frame, scan);
                    AllocateCoefficients(frame, state);
                    position = JpegScanDecoder.Decode(data, position, frame, scan, state.RestartInterval);
                    state.Scans++;
                    break;
            }
        }
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, int position)
    {
        if (position + 2 > data.Length)
        {
            throw ImageDecodeException.Malformed("JPEG segment is truncated.");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw ImageDecodeException.Malformed("JPEG segment length runs past the end of the data.");
        }

        return data.Slice(position + 2, length - 2);
    }

    private static JpegFrame ReadFrame(ReadOnlySpan<byte> segment, bool progressive, ImageLimits limits, bool headerOnly)
    {
        if (segment.Length < 6)
        {
            throw ImageDecodeException.Malformed("JPEG frame header is truncated.");
        }

        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int count = segment[5];
        if (precision != 8)
        {
            throw ImageDecodeException.Unsupported($"JPEG with {precision}-bit samples is not supported.");
        }

        if (width == 0)
        {
            throw ImageDecodeException.Malformed("JPEG width is zero.");
        }

        if (height == 0)
        {
            throw ImageDecodeException.Unsupported("JPEG with the height in a DNL marker is not supported.");
        }

        if (count is not (1 or 3))
        {
            throw ImageDecodeException.Unsupported($"JPEG with {count} components (CMYK/YCCK or other) is not supported.");
        }

        if (segment.Length < 6 + (3 * count))
        {
            throw ImageDecodeException.Malformed("JPEG frame header is truncated.");
        }

        var components = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> c = segment.Slice(6 + (3 * i), 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || c[2] > 3)
            {
                throw ImageDecodeException.Malformed("JPEG component has invalid sampling factors or table.");
            }

            for (int j = 0; j < i; j++)
            {
                if (components[j].Id == c[0])
                {
                    throw ImageDecodeException.Malformed("JPEG frame repeats a component id.");
                }
            }

            components[i] = new JpegComponent(c[0], count == 1 ? 1 : h, count == 1 ? 1 : v, c[2]);
            blocksPerMcu += components[i].H * components[i].V;
        }

        if (blocksPerMcu > 10)
        {
            throw ImageDecodeException.Malformed("JPEG MCU has more than 10 blocks.");
        }

        if (!headerOnly)
        {
            limits.Check(width, height);
        }

        return new JpegFrame(progressive, width, height, components);
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, DecoderState state)
    {
        while (!segment.IsEmpty)
        {
            if (segment.Length < 17)
            {
                throw ImageDecodeException.Malformed("JPEG Huffman table is truncated.");
            }

            int tableClass = segment[0] >> 4;
            int id = segment[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw ImageDecodeException.Malformed("JPEG Huffman table class or id is invalid.");
            }

            ReadOnlySpan<byte> counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
            {
                total += n;
            }

            if (total > 256 || segment.Length < 17 + total)
            {
                throw ImageDecodeException.Malformed("JPEG Huffman table is truncated or too large.");
            }

            var table = new HuffmanTable(counts, segment.Slice(17, total));
            (tableClass == 0 ? state.DcTables : state.AcTables)[id] = table;
            segment = segment[(17 + total)..];
        }
    }

    private static void ReadQuantisationTables(ReadOnlySpan<byte> segment, DecoderState state)
    {
        while (!segment.IsEmpty)
        {
            int precision = segment[0] >> 4;
            int id = segment[0] & 15;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || segment.Length < 1 + size)
            {
                throw ImageDecodeException.Malformed("JPEG quantisation table is invalid or truncated.");
            }

            var table = new float[64];
            for (int k = 0; k < 64; k++)
            {
                int value = precision == 0 ? segment[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(segment[(1 + (2 * k))..]);
                table[JpegScanDecoder.NaturalIndex(k)] = value;
            }

            state.QuantisationTables[id] = table;
            segment = segment[(1 + size)..];
        }
    }

    private static void ReadAdobe(ReadOnlySpan<byte> segment, DecoderState state)
    {
        if (segment.Length >= 12 && segment.StartsWith("Adobe"u8))
        {
            state.AdobeTransform = segment[11];
        }
    }

    private static JpegScan ReadScan(ReadOnlySpan<byte> segment, JpegFrame frame, DecoderState state)
    {
        int count = segment.IsEmpty ? 0 : segment[0];
        if (count is < 1 or > 4 || segment.Length < 1 + (2 * count) + 3)
        {
            throw ImageDecodeException.Malformed("JPEG scan header is invalid.");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + (2 * i)];
            int tables = segment[2 + (2 * i)];
            JpegComponent component = Array.Find(frame.Components, c => c.Id == id)
                ?? throw ImageDecodeException.Malformed("JPEG scan names a component the frame lacks.");
            if (Array.IndexOf(components, component) >= 0 || (tables >> 4) > 3 || (tables & 15) > 3)
            {
                throw ImageDecodeException.Malformed("JPEG scan repeats a component or names an invalid table.");
            }

            component.DcTable = state.DcTables[tables >> 4];
            component.AcTable = state.AcTables[tables & 15];
            components[i] = component;
        }

        ReadOnlySpan<byte> spectral = segment.Slice(1 + (2 * count), 3);
        var scan = frame.Progressive
            ? new JpegScan(components, spectral[0], spectral[1], spectral[2] >> 4, spectral[2] & 15)
            : new JpegScan(components, 0, 63, 0, 0);
        Validate(scan, frame);
        return scan;
    }

    /// <summary>
    /// A scan that codes DC values spends at least one bit per block; refusing data far too short for that keeps a tiny
    /// file that claims a huge size from costing the memory of that size.
    /// </summary>
    private static void CheckEnoughData(int remainingBytes, JpegFrame frame, JpegScan scan)
    {
        if (scan.SpectralStart != 0 || scan.ApproximationHigh != 0)
        {
            return;
        }

        long blocks = scan.Components.Length == 1
            ? (long)scan.Components[0].UsedBlocksPerLine * scan.Components[0].UsedBlocksPerColumn
            : (long)frame.McusPerLine * frame.McusPerColumn * scan.Components.Sum(c => c.H * c.V);
        if ((remainingBytes * 8L) + 64 < blocks)
        {
            throw ImageDecodeException.Malformed("JPEG image data is far too short for the size in its header.");
        }
    }

    private static void Validate(JpegScan scan, JpegFrame frame)
    {
        bool dc = scan.SpectralStart == 0;
        bool valid = scan.SpectralEnd <= 63 && scan.SpectralStart <= scan.SpectralEnd && scan.ApproximationLow <= 13
            && scan.ApproximationHigh <= 13 && (!frame.Progressive || (dc ? scan.SpectralEnd == 0 : scan.Components.Length == 1));
        if (!valid)
        {
            throw ImageDecodeException.Malformed("JPEG scan has an invalid spectral selection or approximation.");
        }

        foreach (JpegComponent component in scan.Components)
        {
            bool needsDc = !frame.Progressive || (dc && scan.ApproximationHigh == 0);
            bool needsAc = !frame.Progressive || !dc;
            if ((needsDc && component.DcTable is null) || (needsAc && component.AcTable is null))
            {
                throw ImageDecodeException.Malformed("JPEG scan uses a Huffman table that was never defined.");
            }
        }
    }

    /// <summary>
    /// Coefficient storage for the components the output needs (all of them for progressive files, whose later scans
    /// refine earlier ones); the chroma of sequential YCbCr files is decoded into a scratch block and dropped.
    /// </summary>
    private static void AllocateCoefficients(JpegFrame frame, DecoderState state)
    {
        if (state.Allocated)
        {
            return;
        }

        bool rgb = IsRgb(frame, state);
        for (int i = 0; i < frame.Components.Length; i++)
        {
            if (frame.Progressive || rgb || i == 0)
            {
                JpegComponent component = frame.Components[i];
                component.Coefficients = new short[checked((int)(component.BlockCount * 64))];
            }
        }

        state.Allocated = true;
    }

    private static bool IsRgb(JpegFrame frame, DecoderState state)
    {
        if (frame.Components.Length != 3)
        {
            return false;
        }

        if (state.AdobeTransform is { } transform)
        {
            return transform == 0;
        }

        return frame.Components[0].Id == 'R' && frame.Components[1].Id == 'G' && frame.Components[2].Id == 'B';
    }

    private static GrayImage Render(JpegFrame frame, DecoderState state)
    {
        bool rgb = IsRgb(frame, state);
        JpegComponent luma0 = frame.Components[0];
        if (!rgb && luma0.H == frame.MaxH && luma0.V == frame.MaxV)
        {
            return RenderFullResolutionLuma(frame, luma0, state);
        }

        float[][] planes = new float[rgb ? 3 : 1][];
        for (int i = 0; i < planes.Length; i++)
        {
            planes[i] = RenderPlane(frame.Components[i], state);
        }

        int width = frame.Width;
        var luma = new float[(long)width * frame.Height];
        Span<int> columns = new int[width * planes.Length];
        for (int p = 0; p < planes.Length; p++)
        {
            JpegComponent component = frame.Components[p];
            for (int x = 0; x < width; x++)
            {
                columns[(p * width) + x] = x * component.H / frame.MaxH;
            }
        }

        for (int y = 0; y < frame.Height; y++)
        {
            Span<float> target = luma.AsSpan(y * width, width);
            if (rgb)
            {
                int rowR = PlaneRow(frame, frame.Components[0], y);
                int rowG = PlaneRow(frame, frame.Components[1], y);
                int rowB = PlaneRow(frame, frame.Components[2], y);
                for (int x = 0; x < width; x++)
                {
                    float r = Clamp(planes[0][rowR + columns[x]]);
                    float g = Clamp(planes[1][rowG + columns[width + x]]);
                    float b = Clamp(planes[2][rowB + columns[(2 * width) + x]]);
                    target[x] = Luma.FromRgb(r, g, b);
                }
            }
            else
            {
                ReadOnlySpan<float> source = planes[0].AsSpan(PlaneRow(frame, frame.Components[0], y));
                for (int x = 0; x < width; x++)
                {
                    target[x] = Clamp(source[columns[x]]);
                }
            }
        }

        return new GrayImage(width, frame.Height, luma);
    }

    /// <summary>The common case: Y (or gray) at full resolution, inverse-transformed straight into the output.</summary>
    private static GrayImage RenderFullResolutionLuma(JpegFrame frame, JpegComponent component, DecoderState state)
    {
        float[] quantisation = QuantisationFor(component, state);
        short[] coefficients = component.Coefficients!;
        int width = frame.Width, height = frame.Height;
        var luma = new float[(long)width * height];
        Span<float> block = stackalloc float[64];
        for (int row = 0; row < component.UsedBlocksPerColumn; row++)
        {
            int rows = Math.Min(8, height - (row * 8));
            for (int column = 0; column < component.UsedBlocksPerLine; column++)
            {
                int offset = ((row * component.BlocksPerLine) + column) * 64;
                JpegIdct.Transform(coefficients.AsSpan(offset, 64), quantisation, block);
                int columns = Math.Min(8, width - (column * 8));
                for (int y = 0; y < rows; y++)
                {
                    Span<float> target = luma.AsSpan((((row * 8) + y) * width) + (column * 8), columns);
                    ReadOnlySpan<float> source = block.Slice(y * 8, columns);
                    for (int x = 0; x < columns; x++)
                    {
                        target[x] = Clamp(source[x]);
                    }
                }
            }
        }

        return new GrayImage(width, height, luma);
    }

    private static float[] QuantisationFor(JpegComponent component, DecoderState state) =>
        state.QuantisationTables[component.QuantisationTable]
        ?? throw ImageDecodeException.Malformed("JPEG component uses a quantisation table that was never defined.");

    /// <summary>Offset in a component's plane of the row that output row <paramref name="y"/> replicates.</summary>
    private static int PlaneRow(JpegFrame frame, JpegComponent component, int y) =>
        (y * component.V / frame.MaxV) * component.UsedBlocksPerLine * 8;

    private static float Clamp(float sample) => Math.Clamp(sample, 0f, 255f) * (1f / 255f);

    /// <summary>Inverse-transforms the blocks of a component into a plane of its own resolution (rounded up to blocks).</summary>
    private static float[] RenderPlane(JpegComponent component, DecoderState state)
    {
        float[] quantisation = QuantisationFor(component, state);
        short[] coefficients = component.Coefficients!;
        int stride = component.UsedBlocksPerLine * 8;
        var plane = new float[(long)stride * component.UsedBlocksPerColumn * 8];
        Span<float> block = stackalloc float[64];
        for (int row = 0; row < component.UsedBlocksPerColumn; row++)
        {
            for (int column = 0; column < component.UsedBlocksPerLine; column++)
            {
                int offset = ((row * component.BlocksPerLine) + column) * 64;
                JpegIdct.Transform(coefficients.AsSpan(offset, 64), quantisation, block);
                for (int y = 0; y < 8; y++)
                {
                    block.Slice(y * 8, 8).CopyTo(plane.AsSpan((((row * 8) + y) * stride) + (column * 8), 8));
                }
            }
        }

        return plane;
    }

    private sealed class DecoderState
    {
        public JpegFrame? Frame { get; set; }

        public HuffmanTable?[] DcTables { get; } = new HuffmanTable?[4];

        public HuffmanTable?[] AcTables { get; } = new HuffmanTable?[4];

        public float[]?[] QuantisationTables { get; } = new float[]?[4];

        public int RestartInterval { get; set; }

        public int? AdobeTransform { get; set; }

        public int Orientation { get; set; } = ExifOrientation.Normal;

        public int Scans { get; set; }

        public bool Allocated { get; set; }
    }
}
