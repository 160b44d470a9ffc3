namespace DenoiseApi.Imaging.Jpeg;

/// <summary>
/// Decodes the entropy-coded data of one scan (T.81 F.2 sequential, G.1.2 progressive) into the components' coefficient
/// blocks. Every loop is bounded by the frame's block count, and every coefficient index is range-checked. A scan stops
/// as soon as its data is used up, so a file of many empty scans costs time in proportion to its bytes, not to
/// scans x blocks.
/// </summary>
internal static class JpegScanDecoder
{
    /// <summary>Natural-order index of the k-th coefficient in zig-zag order.</summary>
    private static ReadOnlySpan<byte> ZigZag =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55,
        62, 63,
    ];

    public static int NaturalIndex(int zigZagIndex) => ZigZag[zigZagIndex];

    /// <summary>Decodes the scan starting at <paramref name="position"/>; returns where its entropy-coded data ends.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int position, JpegFrame frame, JpegScan scan, int restartInterval)
    {
        var reader = new JpegBitReader(data, position);
        foreach (JpegComponent component in scan.Components)
        {
            component.DcPredictor = 0;
        }

        int eobRun = 0;
        Span<short> scratch = stackalloc short[64];
        if (scan.Components.Length == 1)
        {
            JpegComponent component = scan.Components[0];
            long total = (long)component.UsedBlocksPerLine * component.UsedBlocksPerColumn;
            for (long n = 0; n < total; n++)
            {
                if (restartInterval > 0 && n > 0 && n % restartInterval == 0)
                {
                    reader.Restart();
                    component.DcPredictor = 0;
                    eobRun = 0;
                }

                if (reader.Exhausted)
                {
                    break; // Truncated or corrupt: the remaining blocks would decode padding zeros only.
                }

                int row = (int)(n / component.UsedBlocksPerLine);
                int column = (int)(n % component.UsedBlocksPerLine);
                DecodeBlock(ref reader, frame, scan, component, Block(component, row, column, scratch), ref eobRun);
            }
        }
        else
        {
            long total = (long)frame.McusPerLine * frame.McusPerColumn;
            for (long m = 0; m < total; m++)
            {
                if (restartInterval > 0 && m > 0 && m % restartInterval == 0)
                {
                    reader.Restart();
                    foreach (JpegComponent component in scan.Components)
                    {
                        component.DcPredictor = 0;
                    }

                    eobRun = 0;
                }

                if (reader.Exhausted)
                {
                    break;
                }

                int mcuRow = (int)(m / frame.McusPerLine);
                int mcuColumn = (int)(m % frame.McusPerLine);
                foreach (JpegComponent component in scan.Components)
                {
                    for (int v = 0; v < component.V; v++)
                    {
                        for (int h = 0; h < component.H; h++)
                        {
                            Span<short> block = Block(component, (mcuRow * component.V) + v, (mcuColumn * component.H) + h, scratch);
                            DecodeBlock(ref reader, frame, scan, component, block, ref eobRun);
                        }
                    }
                }
            }
        }

        return reader.Position;
    }

    private static Span<short> Block(JpegComponent component, int row, int column, Span<short> scratch)
    {
        if (component.Coefficients is null)
        {
            scratch.Clear();
            return scratch;
        }

        long offset = (((long)row * component.BlocksPerLine) + column) * 64;
        return component.Coefficients.AsSpan((int)offset, 64);
    }

    private static void DecodeBlock(
        ref JpegBitReader reader, JpegFrame frame, JpegScan scan, JpegComponent component, scoped Span<short> block, ref int eobRun)
    {
        if (!frame.Progressive)
        {
            DecodeSequential(ref reader, component, block);
        }
        else if (scan.SpectralStart == 0)
        {
            if (scan.ApproximationHigh == 0)
            {
                int t = component.DcTable!.Decode(ref reader);
                CheckMagnitude(t);
                component.DcPredictor += reader.ReceiveExtend(t);
                block[0] = (short)(component.DcPredictor << scan.ApproximationLow);
            }
            else if (reader.ReadBit() != 0)
            {
                block[0] |= (short)(1 << scan.ApproximationLow);
            }
        }
        else if (scan.ApproximationHigh == 0)
        {
            DecodeAcFirst(ref reader, component.AcTable!, scan, block, ref eobRun);
        }
        else
        {
            DecodeAcRefine(ref reader, component.AcTable!, scan, block, ref eobRun);
        }
    }

    private static void DecodeSequential(ref JpegBitReader reader, JpegComponent component, scoped Span<short> block)
    {
        int t = component.DcTable!.Decode(ref reader);
        CheckMagnitude(t);
        component.DcPredictor += reader.ReceiveExtend(t);
        block[0] = (short)component.DcPredictor;
        HuffmanTable ac = component.AcTable!;
        for (int k = 1; k < 64;)
        {
            int rs = ac.Decode(ref reader);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0)
            {
                if (r < 15)
                {
                    break;
                }

                k += 16;
                continue;
            }

            k += r;
            if (k > 63)
            {
                throw ImageDecodeException.Malformed("JPEG block has more than 64 coefficients.");
            }

            block[ZigZag[k]] = (short)reader.ReceiveExtend(s);
            k++;
        }
    }

    private static void DecodeAcFirst(ref JpegBitReader reader, HuffmanTable ac, JpegScan scan, scoped Span<short> block, ref int eobRun)
    {
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }

        for (int k = scan.SpectralStart; k <= scan.SpectralEnd;)
        {
            int rs = ac.Decode(ref reader);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0)
            {
                if (r < 15)
                {
                    eobRun = (1 << r) - 1 + reader.Receive(r);
                    break;
                }

                k += 16;
                continue;
            }

            k += r;
            if (k > 63)
            {
                throw ImageDecodeException.Malformed("JPEG block has more than 64 coefficients.");
            }

            block[ZigZag[k]] = (short)(reader.ReceiveExtend(s) * (1 << scan.ApproximationLow));
            k++;
        }
    }

    /// <summary>Successive approximation of AC coefficients (T.81 G.1.2.3; libjpeg's decode_mcu_AC_refine).</summary>
    private static void DecodeAcRefine(ref JpegBitReader reader, HuffmanTable ac, JpegScan scan, scoped Span<short> block, ref int eobRun)
    {
        int plus = 1 << scan.ApproximationLow;
        int minus = -1 << scan.ApproximationLow;
        int k = scan.SpectralStart;
        int end = scan.SpectralEnd;
        if (eobRun == 0)
        {
            for (; k <= end; k++)
            {
                int rs = ac.Decode(ref reader);
                int r = rs >> 4;
                int s = rs & 15;
                int value = 0;
                if (s != 0)
                {
                    if (s != 1)
                    {
                        throw ImageDecodeException.Malformed("JPEG refinement coefficient is not of size 1.");
                    }

                    value = reader.ReadBit() != 0 ? plus : minus;
                }
                else if (r != 15)
                {
                    eobRun = (1 << r) + reader.Receive(r);
                    break;
                }

                // Advance over r zero-history coefficients, refining the non-zero ones passed on the way.
                while (k <= end)
                {
                    ref short coefficient = ref block[ZigZag[k]];
                    if (coefficient != 0)
                    {
                        Refine(ref reader, ref coefficient, plus, minus);
                    }
                    else
                    {
                        if (r == 0)
                        {
                            break;
                        }

                        r--;
                    }

                    k++;
                }

                if (value != 0)
                {
                    if (k > end)
                    {
                        throw ImageDecodeException.Malformed("JPEG refinement runs past the spectral band.");
                    }

                    block[ZigZag[k]] = (short)value;
                }
            }
        }

        if (eobRun > 0)
        {
            for (; k <= end; k++)
            {
                ref short coefficient = ref block[ZigZag[k]];
                if (coefficient != 0)
                {
                    Refine(ref reader, ref coefficient, plus, minus);
                }
            }

            eobRun--;
        }
    }

    private static void Refine(ref JpegBitReader reader, ref short coefficient, int plus, int minus)
    {
        if (reader.ReadBit() != 0 && (coefficient & plus) == 0)
        {
            coefficient = (short)(coefficient >= 0 ? coefficient + plus : coefficient + minus);
        }
    }

    private static void CheckMagnitude(int t)
    {
        if (t > 16)
        {
            throw ImageDecodeException.Malformed("JPEG DC difference is out of range.");
        }
    }
}

/// <summary>The parameters of one SOS segment.</summary>
internal sealed record JpegScan(JpegComponent[] Components, int SpectralStart, int SpectralEnd, int ApproximationHigh, int ApproximationLow);
