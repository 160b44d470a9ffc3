namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>deploy/docker/compose.yaml and the environment its denoiseapi service gets.</summary>
internal static class ComposeFile
{
    public static Dictionary<string, object?> Load() => YamlTree.LoadMap(Path.Combine(RepoPaths.Docker, "compose.yaml"));

    /// <summary>The service's environment with <c>${VAR:-default}</c> resolved as compose does when VAR is unset.</summary>
    public static Dictionary<string, string?> ServiceEnvironment()
    {
        var env = Load().MapAt("services.denoiseapi.environment").ToDictionary(kv => kv.Key, kv => kv.Value as string);
        foreach (var key in env.Keys.ToList())
        {
            if (env[key] is not { } value || !value.StartsWith("${", StringComparison.Ordinal)) continue;
            var fallback = value.IndexOf(":-", StringComparison.Ordinal);
            env[key] = fallback < 0 ? "" : value[(fallback + 2)..^1];
        }
        return env;
    }
}
