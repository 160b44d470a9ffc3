using System.Net.Http.Json;
using System.Text.Json;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>Reading the service's JSON answers.</summary>
public static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetSingle())];
}
