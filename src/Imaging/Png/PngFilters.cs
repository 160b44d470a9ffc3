namespace DenoiseApi.Imaging.Png;

/// <summary>Reverses the five PNG scanline filters (None, Sub, Up, Average, Paeth) in place.</summary>
internal static class PngFilters
{
    /// <param name="filter">The filter-type byte that preceded the scanline.</param>
    /// <param name="row">The filtered scanline, reconstructed in place.</param>
    /// <param name="prior">The reconstructed previous scanline of the same pass (all zeros for the first).</param>
    /// <param name="stride">Bytes per complete pixel, at least 1.</param>
    public static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> prior, int stride)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }

                break;
            case 2:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                break;
            case 3:
                for (int i = 0; i < stride && i < row.Length; i++)
                {
                    row[i] += (byte)(prior[i] >> 1);
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - stride] + prior[i]) >> 1);
                }

                break;
            case 4:
                for (int i = 0; i < stride && i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += Paeth(row[i - stride], prior[i], prior[i - stride]);
                }

                break;
            default:
                throw ImageDecodeException.Malformed($"PNG filter type {filter} is unknown.");
        }
    }

    public static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
