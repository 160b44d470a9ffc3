using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>The status, headers and complete body of one HTTP/1.1 answer.</summary>
internal sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A POST that is provably inside the service and not finished: it is sent over a raw socket with
/// <c>Expect: 100-continue</c>, and <see cref="OpenAsync"/> returns only after the server has answered
/// <c>100 Continue</c> — which Kestrel does when the endpoint starts reading the body — while the body itself is held
/// back until <see cref="CompleteAsync"/>. The answer is read to the end of the connection and checked for length.
/// </summary>
internal sealed class HeldRequest : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _body;

    private HeldRequest(TcpClient client, byte[] body)
    {
        _client = client;
        _stream = client.GetStream();
        _body = body;
    }

    public static async Task<HeldRequest> OpenAsync(int port, string path, string contentType, byte[] body, CancellationToken cancellation)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
            var request = new HeldRequest(client, body);
            var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {contentType}\r\n" +
                       $"Content-Length: {body.Length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
            await request._stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellation);
            var interim = await request.ReadHeadAsync(cancellation);
            if (!interim.StartsWith("HTTP/1.1 100 ", StringComparison.Ordinal))
                throw new InvalidOperationException($"Expected '100 Continue' for {path}, got: {interim}");
            return request;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends the held body and reads the whole answer.</summary>
    public async Task<HttpAnswer> CompleteAsync(CancellationToken cancellation)
    {
        await _stream.WriteAsync(_body, cancellation);
        var head = await ReadHeadAsync(cancellation);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new MemoryStream();
        await _stream.CopyToAsync(body, cancellation);
        var bytes = body.ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            bytes = Dechunk(bytes);
        else if (headers.TryGetValue("Content-Length", out var length) && long.Parse(length, CultureInfo.InvariantCulture) != bytes.Length)
            throw new InvalidDataException($"Answer body has {bytes.Length} bytes, Content-Length says {length}: the answer was cut off.");
        return new HttpAnswer(status, headers, bytes);
    }

    /// <summary>Reads one response head (status line and headers) byte by byte, leaving the body in the stream.</summary>
    private async Task<string> ReadHeadAsync(CancellationToken cancellation)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one, cancellation) == 0)
                throw new IOException($"Connection closed after {head.Count} bytes of a response head: {Encoding.ASCII.GetString([.. head])}");
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]).TrimEnd('\r', '\n');
    }

    /// <summary>Joins a complete chunked body; throws when the terminating zero-length chunk is missing.</summary>
    private static byte[] Dechunk(byte[] chunked)
    {
        var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOfCrLf(chunked, position);
            var size = int.Parse(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0) return output.ToArray();
            if (position + size + 2 > chunked.Length) throw new InvalidDataException("A chunk of the answer was cut off.");
            output.Write(chunked, position, size);
            position += size + 2;
        }
    }

    private static int IndexOfCrLf(byte[] data, int from)
    {
        for (var i = from; i + 1 < data.Length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n') return i;
        }
        throw new InvalidDataException("The chunked answer ended without its last chunk.");
    }

    public void Dispose() => _client.Dispose();
}
