namespace DenoiseApi.Imaging.Jpeg;

/// <summary>A frame (SOF) and its components, with the block geometry of T.81 A.2.</summary>
internal sealed class JpegFrame
{
    public JpegFrame(bool progressive, int width, int height, JpegComponent[] components)
    {
        Progressive = progressive;
        Width = width;
        Height = height;
        Components = components;
        MaxH = components.Max(c => c.H);
        MaxV = components.Max(c => c.V);
        McusPerLine = (width + (8 * MaxH) - 1) / (8 * MaxH);
        McusPerColumn = (height + (8 * MaxV) - 1) / (8 * MaxV);
        foreach (JpegComponent component in components)
        {
            component.Layout(this);
        }
    }

    public bool Progressive { get; }

    public int Width { get; }

    public int Height { get; }

    public JpegComponent[] Components { get; }

    public int MaxH { get; }

    public int MaxV { get; }

    public int McusPerLine { get; }

    public int McusPerColumn { get; }
}

/// <summary>One colour component: sampling factors, quantisation table, and its coefficient blocks.</summary>
internal sealed class JpegComponent(int id, int h, int v, int quantisationTable)
{
    public int Id { get; } = id;

    public int H { get; } = h;

    public int V { get; } = v;

    public int QuantisationTable { get; } = quantisationTable;

    /// <summary>Blocks per line and column including the padding that completes the last MCU.</summary>
    public int BlocksPerLine { get; private set; }

    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks that hold image samples (a non-interleaved scan codes only these).</summary>
    public int UsedBlocksPerLine { get; private set; }

    public int UsedBlocksPerColumn { get; private set; }

    /// <summary>Samples per line and column of this component (before upsampling).</summary>
    public int SampleWidth { get; private set; }

    public int SampleHeight { get; private set; }

    /// <summary>Coefficients of every block (64 per block, natural order), or null when they need not be kept.</summary>
    public short[]? Coefficients { get; set; }

    public int DcPredictor { get; set; }

    public HuffmanTable? DcTable { get; set; }

    public HuffmanTable? AcTable { get; set; }

    public long BlockCount => (long)BlocksPerLine * BlocksPerColumn;

    public void Layout(JpegFrame frame)
    {
        SampleWidth = (int)(((long)frame.Width * H + frame.MaxH - 1) / frame.MaxH);
        SampleHeight = (int)(((long)frame.Height * V + frame.MaxV - 1) / frame.MaxV);
        UsedBlocksPerLine = (SampleWidth + 7) / 8;
        UsedBlocksPerColumn = (SampleHeight + 7) / 8;
        BlocksPerLine = frame.McusPerLine * H;
        BlocksPerColumn = frame.McusPerColumn * V;
    }
}
