namespace DenoiseApi.Imaging.Decoding;

/// <summary>
/// The upload's bytes as the stream ImageSharp decodes from, with the guard its decoders lack: every read checks the
/// cancellation token, so a decoder that keeps reading stops at the request's deadline even in loops that never look
/// at the token. (A decoder that loops without reading is out of its reach: see <see cref="InterlacedPngRepacker"/>.)
/// </summary>
internal sealed class GuardedReadStream(byte[] data, CancellationToken cancellationToken) : Stream
{
    private readonly MemoryStream _inner = new(data, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _inner.Read(buffer);
    }

    public override int ReadByte()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _inner.ReadByte();
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
