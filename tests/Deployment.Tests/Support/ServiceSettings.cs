using System.Reflection;
using DenoiseApi.Options;
using DenoiseApi.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>
/// Checks environment-variable settings (ConfigMap data, Dockerfile ENV, compose environment) against the service's
/// own options classes: every <c>Section__Key</c> must name an existing property of an options class (found by its
/// <c>SectionName</c> constant), convert to its type, and pass the service's start-up validation.
/// </summary>
internal static class ServiceSettings
{
    /// <summary>Variables read by the runtime, the image or the host rather than by an options class.</summary>
    private static readonly HashSet<string> HostVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "ASPNETCORE_ENVIRONMENT",
        "DOTNET_NOLOGO", "DOTNET_RUNNING_IN_CONTAINER", "HEALTHCHECK_PORT", "ORT_DISABLE_TELEMETRY", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES",
    };

    /// <summary>Configuration sections bound by the framework and logging, not by an options class of the service.</summary>
    private static readonly HashSet<string> FrameworkSections = new(StringComparer.OrdinalIgnoreCase) { "Serilog", "Logging", "Kestrel" };

    /// <summary>Every options class of the service, by section name (a public <c>const string SectionName</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = typeof(LimitsOptions).Assembly.GetTypes()
        .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Settings naming files that exist only inside the image or pod, with stand-ins on this machine: a keys file holding
    /// one valid key.
    /// </summary>
    private static readonly Lazy<Dictionary<string, string>> PodFiles = new(() =>
    {
        var keys = Path.Combine(Path.GetTempPath(), $"denoiseapi-standin-keys-{Environment.ProcessId}");
        File.WriteAllText(keys, "standin-key-for-validation-0123456789\n");
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["Auth:KeysFile"] = keys,
        };
    });

    /// <summary>Problems with <paramref name="variables"/>; empty when the service would accept them.</summary>
    /// <param name="variables">Environment variables as the container would see them.</param>
    public static List<string> Problems(IReadOnlyDictionary<string, string?> variables)
    {
        var problems = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (HostVariables.Contains(name) || name.StartsWith("DOTNET_", StringComparison.Ordinal)) continue;
            var split = name.IndexOf("__", StringComparison.Ordinal);
            var section = split < 0 ? name : name[..split];
            if (FrameworkSections.Contains(section)) continue;
            if (split < 0 || !Sections.ContainsKey(section))
            {
                problems.Add($"'{name}' is not a setting of the service (sections: {string.Join(", ", Sections.Keys.Order())}).");
                continue;
            }
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        foreach (var (setting, standIn) in PodFiles.Value)
        {
            if (settings.ContainsKey(setting)) settings[setting] = standIn;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        foreach (var (name, type) in Sections)
        {
            try
            {
                configuration.GetSection(name).Get(type, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"Section {name}: {e.Message}");
            }
        }
        if (problems.Count > 0) return problems;

        // The service's own registration and validators (the same ones ValidateOnStart runs).
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddServiceOptions();
        services.AddEdgeSecurity(configuration);
        using var provider = services.BuildServiceProvider();
        foreach (var type in Sections.Values)
        {
            try
            {
                var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            }
            catch (TargetInvocationException e) when (e.InnerException is OptionsValidationException invalid)
            {
                problems.AddRange(invalid.Failures);
            }
        }
        return problems;
    }
}
