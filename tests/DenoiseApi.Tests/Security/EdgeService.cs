using DenoiseApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Security;

/// <summary>
/// The real service with edge settings for a test. The model repository is an empty folder unless one is given: the
/// edge (keys, limits, headers, logs) sits in front of every route, models or not.
/// </summary>
public sealed class EdgeService : IAsyncDisposable, IDisposable
{
    private readonly string? _emptyRoot;

    public EdgeService(IReadOnlyDictionary<string, string> settings, string? modelsRoot = null, Action<IServiceCollection>? services = null)
    {
        if (modelsRoot is null)
        {
            _emptyRoot = Directory.CreateTempSubdirectory("denoiseapi-edge-").FullName;
            modelsRoot = _emptyRoot;
        }
        Factory = new ServiceFactory(modelsRoot, settings, services);
    }

    /// <summary>A key long enough for the validator (the service rejects keys under 16 characters).</summary>
    public const string Key = "test-key-0123456789abcdef";

    public const string OtherKey = "other-key-fedcba9876543210";

    public ServiceFactory Factory { get; }

    public HttpClient CreateClient() => Factory.CreateClient(new() { AllowAutoRedirect = false });

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        DeleteEmptyRoot();
    }

    public void Dispose()
    {
        Factory.Dispose();
        DeleteEmptyRoot();
    }

    private void DeleteEmptyRoot()
    {
        if (_emptyRoot is not null && Directory.Exists(_emptyRoot)) Directory.Delete(_emptyRoot, recursive: true);
    }
}
