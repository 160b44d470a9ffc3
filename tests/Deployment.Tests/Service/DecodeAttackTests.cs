using System.IO.Compression;
using System.IO.Hashing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The decode-amplification attack of issue #16 against the real process under the pod's memory limit
/// (DOTNET_GCHeapHardLimit 768 MiB): requests of 64 small PNGs that each declare a large picture, several at once. Before,
/// one such request cost 12-37 s of CPU, four took RSS to 1.5 GB, one answered 500 OutOfMemoryException and a SIGTERM
/// waited 30 s. Speed is measured by scripts/decode-attack.py, not here; this checks the answers, the memory bound and
/// that the process stops promptly.
/// </summary>
public sealed class DecodeAttackTests
{
    private const long HeapLimit = 768L << 20;

    /// <summary>The GC heap, the ONNX Runtime sessions and ImageSharp's pooled buffers together stay under this.</summary>
    private const long RssBound = HeapLimit + (256L << 20);

    [Fact]
    public async Task HugeSmallPngsInBulkAreRefusedBudgetSizedOnesAreDecodedWithinMemoryAndSigtermStopsPromptly()
    {
        await using var service = ServiceProcess.Start(port => new Dictionary<string, string?>(ServiceProcess.EnvironmentOf("overlays/cpu", port))
        {
            ["DOTNET_GCHeapHardLimit"] = $"0x{HeapLimit:X}",
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var digit = MnistDigits.TestDigit(0).Png;

        // 64 x 4000x4000 = 1.02 billion pixels a request: refused from the headers, before any pixel is decoded.
        var huge = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(client, Bulk(64, 4000))));
        var other = await PostAsync(client, Raw(digit));
        Assert.All(huge, answer => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status));
        Assert.All(huge, answer => Assert.Contains("pixels together", answer.Body, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, other.Status);

        // 64 x 500x500 = 16 million pixels, exactly the default per-request budget: decoded for real, four at once,
        // while another client keeps being answered.
        var budgetSized = Enumerable.Range(0, 4).Select(_ => PostAsync(client, Bulk(64, 500))).ToList();
        var others = new List<Answer>();
        while (budgetSized.Any(t => !t.IsCompleted)) others.Add(await PostAsync(client, Raw(digit)));
        foreach (var answer in await Task.WhenAll(budgetSized))
            Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{answer.Status}: {answer.Body}");
        Assert.All(others, answer => Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{answer.Status}: {answer.Body}"));
        var peak = PeakResidentBytes(service.Id);
        Assert.True(peak < RssBound, $"peak RSS {peak >> 20} MiB, bound {RssBound >> 20} MiB");

        // SIGTERM with four budget-sized requests in flight: they end (answered or refused) and the process exits 0.
        var inFlight = Enumerable.Range(0, 4).Select(_ => PostAsync(client, Bulk(64, 500))).ToList();
        await Task.Delay(500);
        service.SendSigterm();
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM:\n{service.Output}");
        foreach (var answer in await Task.WhenAll(inFlight))
            Assert.NotEqual(HttpStatusCode.InternalServerError, answer.Status);
    }

    private sealed record Answer(HttpStatusCode Status, string Body);

    private static async Task<Answer> PostAsync(HttpClient client, HttpContent content)
    {
        using (content)
        {
            try
            {
                using var response = await client.PostAsync(new Uri("/classify", UriKind.Relative), content);
                return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException e)
            {
                // A connection closed by the stopping process is an answer too (not a 500).
                return new Answer(0, e.Message);
            }
        }
    }

    private static ByteArrayContent Raw(byte[] png)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static MultipartFormDataContent Bulk(int count, int side)
    {
        var png = SquareOnBlack(side);
        var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++)
        {
            var file = new ByteArrayContent(png);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "image", $"{i}.png");
        }
        return form;
    }

    /// <summary>A gray PNG of <paramref name="side"/> squared pixels, black with a white square in the middle: a few KB.</summary>
    private static byte[] SquareOnBlack(int side)
    {
        int square = side / 10, low = (side - square) / 2;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[side + 1];
            for (var y = 0; y < side; y++)
            {
                Array.Fill(row, (byte)(y >= low && y < low + square ? 255 : 0), 1 + low, square);
                zlib.Write(row);
            }
        }
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, side);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8;
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
