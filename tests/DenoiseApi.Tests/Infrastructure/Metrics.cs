using System.Globalization;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>Reads the Prometheus text of <c>GET /metrics</c>.</summary>
public static class Metrics
{
    /// <summary>
    /// The first line that starts with <paramref name="prefix"/> and holds every one of <paramref name="parts"/>, once
    /// there is one (measurements of a request are recorded when it completes, which can be just after the client has
    /// the answer); fails after 10 s.
    /// </summary>
    public static async Task<string> LineAsync(HttpClient client, string prefix, params string[] parts)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await client.GetStringAsync("/metrics");
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)
                && parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null) return line;
            if (DateTime.UtcNow > giveUp) throw new Xunit.Sdk.XunitException($"No metric line {prefix}...{string.Join("...", parts)} in:\n{text}");
            await Task.Delay(50);
        }
    }

    /// <summary>The value at the end of a metric line.</summary>
    public static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
