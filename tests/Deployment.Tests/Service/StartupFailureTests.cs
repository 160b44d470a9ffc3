namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// A bad setting in a pod's environment stops the real process (Kestrel and all, which the in-memory test host
/// replaces) before it serves: it exits with a failure code, and its log says why in the host's own words, for every
/// kind of setting alike. The request-size limit used to end the process while the app was built, with a bare stack
/// trace and no log line, because Kestrel reads it earlier than the host validates settings.
/// </summary>
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("Limits__MaxRequestBytes", "10", "Limits:MaxRequestBytes must be at least 1024")]
    [InlineData("Models__Defaults__Sessions", "0", "Models:Defaults:Sessions must be between 1 and 64")]
    public async Task ABadSettingEndsTheProcessWithTheHostsLogLineAndTheReason(string variable, string value, string reason)
    {
        await using var service = ServiceProcess.Start(port =>
        {
            var environment = ServiceProcess.EnvironmentOf("overlays/cpu", port);
            environment[variable] = value;
            return environment;
        });

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Hosting failed to start", service.Output, StringComparison.Ordinal);
        Assert.Contains(reason, service.Output, StringComparison.Ordinal);
    }
}
