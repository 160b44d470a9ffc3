namespace DenoiseApi.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded segment of a JPEG scan bit by bit, removing stuffed zero bytes (FF 00). At a marker or the end
/// of the data it stops consuming and yields zero bits, so corrupt data ends a scan instead of running away.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private uint _buffer;
    private int _count;
    private int _realBits;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Offset of the marker (or end of data) where the bits ran out; valid once <see cref="AtMarker"/> is set.</summary>
    public int MarkerPosition { get; private set; }

    public bool AtMarker { get; private set; }

    /// <summary>
    /// True once every bit before a marker that is not a restart marker has been consumed: from here on only padding
    /// zeros would be read, so the rest of the scan carries no information.
    /// </summary>
    public readonly bool Exhausted => AtMarker && _realBits == 0 && !AtRestartMarker;

    private readonly bool AtRestartMarker =>
        MarkerPosition + 1 < _data.Length && _data[MarkerPosition] == 0xFF && _data[MarkerPosition + 1] is >= 0xD0 and <= 0xD7;

    /// <summary>Where the next unread byte is: the marker that stopped the reader, or the next data byte.</summary>
    public readonly int Position => AtMarker ? MarkerPosition : _position;

    public int Peek16()
    {
        if (_count < 16)
        {
            Fill();
        }

        return (int)(_buffer >> 16);
    }

    public void Skip(int bits)
    {
        _buffer <<= bits;
        _count -= bits;
        _realBits = Math.Max(0, _realBits - bits);
    }

    public int ReadBit()
    {
        if (_count < 1)
        {
            Fill();
        }

        int bit = (int)(_buffer >> 31);
        _buffer <<= 1;
        _count--;
        _realBits = Math.Max(0, _realBits - 1);
        return bit;
    }

    /// <summary>Reads <paramref name="bits"/> (0..16) bits as an unsigned number.</summary>
    public int Receive(int bits)
    {
        if (bits == 0)
        {
            return 0;
        }

        if (_count < bits)
        {
            Fill();
        }

        int value = (int)(_buffer >> (32 - bits));
        _buffer <<= bits;
        _count -= bits;
        _realBits = Math.Max(0, _realBits - bits);
        return value;
    }

    /// <summary>Reads <paramref name="bits"/> bits and sign-extends them as JPEG's EXTEND procedure defines.</summary>
    public int ReceiveExtend(int bits)
    {
        int value = Receive(bits);
        return bits == 0 || value >= 1 << (bits - 1) ? value : value - (1 << bits) + 1;
    }

    /// <summary>Drops buffered bits and steps over the RSTn marker that should follow (or up to any other marker).</summary>
    public void Restart()
    {
        _buffer = 0;
        _count = 0;
        _realBits = 0;
        int position = Position;
        while (position + 1 < _data.Length)
        {
            if (_data[position] == 0xFF && _data[position + 1] is >= 0xD0 and <= 0xD7)
            {
                position += 2;
                break;
            }

            if (_data[position] == 0xFF && _data[position + 1] is not (0x00 or 0xFF))
            {
                break;
            }

            position++;
        }

        _position = Math.Min(position, _data.Length);
        AtMarker = false;
    }

    private void Fill()
    {
        while (_count <= 24)
        {
            uint next = 0;
            if (!AtMarker)
            {
                if (_position >= _data.Length)
                {
                    Stop(_data.Length);
                }
                else if (_data[_position] != 0xFF)
                {
                    next = _data[_position++];
                    _realBits += 8;
                }
                else if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
                {
                    next = 0xFF;
                    _position += 2;
                    _realBits += 8;
                }
                else
                {
                    Stop(_position);
                }
            }

            _buffer |= next << (24 - _count);
            _count += 8;
        }
    }

    private void Stop(int markerPosition)
    {
        AtMarker = true;
        MarkerPosition = markerPosition;
    }
}
